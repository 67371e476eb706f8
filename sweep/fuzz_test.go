package sweep

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func sweepSeeds(f *testing.F) []byte {
	cfg, err := ParseConfig([]byte(tinyConfig))
	if err != nil {
		f.Fatal(err)
	}
	p := filepath.Join(f.TempDir(), "seed.jsonl")
	sf, err := OpenSweepFile(p, cfg)
	if err != nil {
		f.Fatal(err)
	}
	for _, task := range cfg.Tasks()[:2] {
		rec, err := cfg.Compute(task)
		if err != nil {
			f.Fatal(err)
		}
		sf.Append(rec)
	}
	sf.Append(cfg.failed(cfg.Tasks()[2], errors.New("boom")))
	sf.Close()
	data, _ := os.ReadFile(p)
	f.Add(data)
	f.Add(data[:len(data)-3])
	f.Add([]byte("abc"))
	f.Add([]byte(""))
	f.Add([]byte("\n\n"))
	f.Add(bytes.Replace(data, []byte(`"k":3`), []byte(`"k":0`), 1))
	f.Add([]byte(strings.SplitAfter(string(data), "\n")[1]))
	return data
}

// FuzzReadSweep: ReadSweepData never panics, and what it accepts is sane:
// every record has an id and a result or a failure, a header's config
// passes the configuration check.
func FuzzReadSweep(f *testing.F) {
	sweepSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadSweepData(bytes.NewReader(data))
		if err != nil {
			return
		}
		if d.Config != nil && d.Config.check() != nil {
			t.Fatal("accepted a header whose config fails the check")
		}
		for _, r := range d.compact() {
			if r.ID == "" || (r.Result == nil && r.Failure == "") {
				t.Fatalf("accepted record %+v", r)
			}
		}
	})
}

// FuzzOpenSweepFile: opening any file as the output of the tiny sweep
// either refuses and leaves the file byte for byte, or accepts it and
// keeps a prefix of it whose first line is a header of the same
// configuration (JSON keys decode case-insensitively, so "sYninfo_sweep"
// is the same header), or, for an empty file, writes the header.
func FuzzOpenSweepFile(f *testing.F) {
	good := sweepSeeds(f)
	ours := good[:bytes.IndexByte(good, '\n')+1]
	cfg, _ := ParseConfig([]byte(tinyConfig))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "out.jsonl")
		os.WriteFile(p, data, 0o644)
		sf, err := OpenSweepFile(p, cfg)
		got, _ := os.ReadFile(p)
		if err != nil {
			if !bytes.Equal(got, data) {
				t.Fatalf("refused (%v) but changed the file", err)
			}
			return
		}
		sf.Close()
		switch {
		case len(data) == 0:
			if !bytes.Equal(got, ours) {
				t.Fatalf("empty file: wrote %q", got)
			}
		case !bytes.HasPrefix(data, got):
			t.Fatalf("kept %q of %q", got, data)
		case int64(len(data)-len(got)) != sf.Repaired:
			t.Fatalf("cut %d bytes, says %d", len(data)-len(got), sf.Repaired)
		default:
			var h header
			first, _, _ := bytes.Cut(got, []byte("\n"))
			if json.Unmarshal(first, &h) != nil || !h.Sweep.Equal(cfg) || h.Shard != "" {
				t.Fatalf("accepted a file whose header is %q", first)
			}
		}
	})
}
