package sweep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/syninfo/syninfo/internal/buildinfo"
)

// MergeOptions tune Merge.
type MergeOptions struct {
	// AllowPartial accepts files that together lack some of the
	// configuration's cases (MergeResult.Missing lists them).
	AllowPartial bool
}

// MergeResult is the outcome of Merge.
type MergeResult struct {
	// Config is the configuration every file's header names.
	Config *Config
	// Records are the cases, ordered by sequence number and id.
	Records []*Record
	// Missing lists the configuration's ids no file holds, in order.
	Missing []string
	// Failed counts the failed records among Records.
	Failed int
	// Torn names the files whose torn last line (an unfinished case) was
	// left out.
	Torn []string
}

// MissingError is Merge's refusal of an incomplete set of files.
type MissingError struct{ Missing []string }

func (e *MissingError) Error() string {
	const show = 10
	list := e.Missing
	more := ""
	if len(list) > show {
		list, more = list[:show], fmt.Sprintf(" and %d more", len(e.Missing)-show)
	}
	return fmt.Sprintf("%d cases of the configuration are in no file: %s%s (shards missing or unfinished; --allow-partial merges them anyway)",
		len(e.Missing), strings.Join(list, ", "), more)
}

// Merge joins the records of several sweep files (shards, or interrupted
// and resumed runs) into one list ordered by sequence number and id. Every
// file must have a sweep header naming the same configuration; every
// record must be a case of it (same id, sequence number, group, seed and
// samples); an id present in several files must have identical records.
// Unless o.AllowPartial, every case of the configuration must be present
// (a *MissingError lists those that are not).
func Merge(paths []string, o MergeOptions) (*MergeResult, error) {
	res := &MergeResult{}
	var byTask map[string]Task
	byID := map[string]*Record{}
	raw := map[string][]byte{}
	for _, p := range paths {
		d, err := ReadSweepDataFile(p)
		if err != nil {
			return nil, err
		}
		switch {
		case d.Config == nil:
			return nil, fmt.Errorf("%s: no sweep header, so its records cannot be checked against a configuration", p)
		case res.Config == nil:
			res.Config = d.Config
			byTask = map[string]Task{}
			for _, t := range d.Config.Tasks() {
				byTask[t.ID] = t
			}
		case !res.Config.Equal(d.Config):
			return nil, fmt.Errorf("%s: written by a different sweep configuration than %s", p, paths[0])
		}
		if d.Torn > 0 {
			res.Torn = append(res.Torn, p)
		}
		for _, r := range d.Records {
			t, ok := byTask[r.ID]
			switch {
			case !ok:
				return nil, fmt.Errorf("%s: case %q is not a case of the configuration", p, r.ID)
			case r.Seq != t.Seq || r.Group != t.Group:
				return nil, fmt.Errorf("%s: case %s has seq %d, group %q; the configuration says %d, %q", p, r.ID, r.Seq, r.Group, t.Seq, t.Group)
			case r.Seed != res.Config.Seed:
				return nil, fmt.Errorf("%s: case %s has seed %d; the configuration's is %d", p, r.ID, r.Seed, res.Config.Seed)
			case r.Samples != res.Config.samplesFor(t.Group):
				return nil, fmt.Errorf("%s: case %s has %d samples; the configuration says %d", p, r.ID, r.Samples, res.Config.samplesFor(t.Group))
			}
			b, _ := json.Marshal(r)
			if prev, dup := raw[r.ID]; dup {
				if !bytes.Equal(prev, b) {
					return nil, fmt.Errorf("%s: case %s differs from the same case in another file", p, r.ID)
				}
				continue
			}
			raw[r.ID], byID[r.ID] = b, r
		}
	}
	if res.Config == nil {
		return nil, fmt.Errorf("no file to merge")
	}
	for _, t := range res.Config.Tasks() {
		if _, ok := byID[t.ID]; !ok {
			res.Missing = append(res.Missing, t.ID)
		}
	}
	res.Records = make([]*Record, 0, len(byID))
	for _, r := range byID {
		res.Records = append(res.Records, r)
		if r.Failure != "" {
			res.Failed++
		}
	}
	SortRecords(res.Records)
	if len(res.Missing) > 0 && !o.AllowPartial {
		return res, &MissingError{Missing: res.Missing}
	}
	return res, nil
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

// TempPattern is the name pattern (os.CreateTemp) of WriteSweepFile's
// temporary file in the output's directory: it holds the process id, so
// that a signal handler can remove this process's file and no other's.
func TempPattern() string { return fmt.Sprintf(".syninfo-merge-%d-*", os.Getpid()) }

// WriteSweepFile writes a whole sweep file (header, when cfg is not nil,
// then the records) atomically: to a temporary file renamed over path.
func WriteSweepFile(path string, cfg *Config, recs []*Record) error {
	var buf bytes.Buffer
	if cfg != nil {
		b, err := json.Marshal(header{Sweep: cfg, Provenance: buildinfo.Now()})
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
	tmp, err := os.CreateTemp(filepath.Dir(path), TempPattern())
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
