package sweep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Merge joins the records of several sweep files (shards, or interrupted
// and resumed runs) into one list ordered by sequence number and id. The
// files must come from the same configuration; an id present in several
// files must have identical records.
func Merge(paths []string) (*Config, []*Record, error) {
	var cfg *Config
	byID := map[string]*Record{}
	raw := map[string][]byte{}
	for _, p := range paths {
		c, recs, err := ReadSweepFile(p)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case c == nil:
		case cfg == nil:
			cfg = c
		case !cfg.Equal(c):
			return nil, nil, fmt.Errorf("%s: written by a different sweep configuration than %s", p, paths[0])
		}
		for _, r := range recs {
			b, _ := json.Marshal(r)
			if prev, dup := raw[r.ID]; dup {
				if !bytes.Equal(prev, b) {
					return nil, nil, fmt.Errorf("%s: case %s differs from the same case in another file", p, r.ID)
				}
				continue
			}
			raw[r.ID], byID[r.ID] = b, r
		}
	}
	out := make([]*Record, 0, len(byID))
	for _, r := range byID {
		out = append(out, r)
	}
	SortRecords(out)
	return cfg, out, nil
}

// SortRecords orders records by sequence number, then id.
func SortRecords(recs []*Record) {
	sort.Slice(recs, func(i, j int) bool {
		if recs[i].Seq != recs[j].Seq {
			return recs[i].Seq < recs[j].Seq
		}
		return recs[i].ID < recs[j].ID
	})
}

// WriteSweepFile writes a whole sweep file (header, when cfg is not nil,
// then the records) atomically: to a temporary file renamed over path.
func WriteSweepFile(path string, cfg *Config, recs []*Record) error {
	var buf bytes.Buffer
	if cfg != nil {
		b, err := json.Marshal(header{Sweep: cfg})
		if err != nil {
			return err
		}
		buf.Write(append(b, '\n'))
	}
	for _, r := range recs {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		buf.Write(append(b, '\n'))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".syninfo-merge-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
