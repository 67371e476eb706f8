package sweep

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// A sweep file is JSON Lines: a header line {"syninfo_sweep": CONFIG} naming
// the configuration the records come from, then one Record per finished case,
// in completion order. Each record is written with a single write(2) of the
// whole line and synced, so that a run killed at any instant (even by
// SIGKILL) leaves at most one torn last line, which OpenSweepFile repairs.

// header is the first line of a sweep file.
type header struct {
	Sweep *Config `json:"syninfo_sweep"`
}

// SweepFile is a sweep output opened for appending.
type SweepFile struct {
	f *os.File
	// Done holds the ids already finished in the file.
	Done map[string]bool
	// Repaired is the number of bytes of a torn last line that were cut.
	Repaired int64
}

// OpenSweepFile opens (creating if needed) the sweep output at path for the
// sweep cfg. An existing file must have been written for an equal
// configuration; its finished ids are loaded, and a torn last line is cut.
func OpenSweepFile(path string, cfg *Config) (*SweepFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	sf := &SweepFile{f: f, Done: map[string]bool{}}
	data, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	good := 0 // length of the prefix made of whole, valid lines
	var first bool = true
	for off := 0; off < len(data); {
		nl := bytes.IndexByte(data[off:], '\n')
		if nl < 0 {
			break // torn last line (no newline)
		}
		line := data[off : off+nl]
		if first {
			var h header
			if err := json.Unmarshal(line, &h); err != nil || h.Sweep == nil {
				f.Close()
				return nil, fmt.Errorf("%s: not a syninfo sweep file (first line is not a sweep header)", path)
			}
			if !h.Sweep.Equal(cfg) {
				f.Close()
				return nil, fmt.Errorf("%s: written by a different sweep configuration; use another --out", path)
			}
			first = false
		} else {
			var r struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(line, &r); err != nil || r.ID == "" {
				if off+nl+1 == len(data) {
					break // a torn line that happens to end with a newline
				}
				f.Close()
				return nil, fmt.Errorf("%s: line %d is not a sweep record", path, bytes.Count(data[:off], []byte("\n"))+1)
			}
			sf.Done[r.ID] = true
		}
		off += nl + 1
		good = off
	}
	if good < len(data) {
		sf.Repaired = int64(len(data) - good)
		if err := f.Truncate(int64(good)); err != nil {
			f.Close()
			return nil, err
		}
	}
	if _, err := f.Seek(int64(good), io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	if first {
		b, err := json.Marshal(header{Sweep: cfg})
		if err != nil {
			f.Close()
			return nil, err
		}
		if err := sf.writeLine(b); err != nil {
			f.Close()
			return nil, err
		}
	}
	return sf, nil
}

// Append writes one record durably.
func (sf *SweepFile) Append(r *Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := sf.writeLine(b); err != nil {
		return err
	}
	sf.Done[r.ID] = true
	return nil
}

func (sf *SweepFile) writeLine(b []byte) error {
	line := make([]byte, 0, len(b)+1)
	line = append(append(line, b...), '\n')
	if _, err := sf.f.Write(line); err != nil {
		return err
	}
	return sf.f.Sync()
}

// Close closes the file.
func (sf *SweepFile) Close() error { return sf.f.Close() }

// ReadSweep reads a sweep file (or any JSON Lines of records, with or
// without a header): its configuration (nil without a header) and its
// records. A torn last line is ignored.
func ReadSweep(r io.Reader) (*Config, []*Record, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var cfg *Config
	var recs []*Record
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			trimmed := bytes.TrimSpace(line)
			if len(trimmed) > 0 {
				if lineNo == 1 && bytes.HasPrefix(trimmed, []byte(`{"syninfo_sweep"`)) {
					var h header
					if err := json.Unmarshal(trimmed, &h); err != nil {
						return nil, nil, fmt.Errorf("line 1: %v", err)
					}
					cfg = h.Sweep
				} else {
					rec := new(Record)
					if err := json.Unmarshal(trimmed, rec); err != nil {
						return nil, nil, fmt.Errorf("line %d: not a sweep record: %v", lineNo, err)
					}
					if rec.ID == "" {
						return nil, nil, fmt.Errorf("line %d: record without id", lineNo)
					}
					recs = append(recs, rec)
				}
			}
		}
		if errors.Is(err, io.EOF) {
			return cfg, recs, nil
		}
		if err != nil {
			return nil, nil, err
		}
	}
}

// ReadSweepFile is ReadSweep on a named file.
func ReadSweepFile(path string) (*Config, []*Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	cfg, recs, err := ReadSweep(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, recs, nil
}
