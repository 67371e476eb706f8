package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func loadSmall(t *testing.T) *Config {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "small.json"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// runTo runs the sweep's shard into path and returns the file's records.
func runTo(t *testing.T, cfg *Config, path string, o RunOptions) []*Record {
	t.Helper()
	f, err := OpenShardFile(path, cfg, o.Shard)
	if err != nil {
		t.Fatal(err)
	}
	if err := Run(context.Background(), cfg, cfg.Tasks(), f, o); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, recs, err := ReadSweepFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// canonical renders records sorted by seq, one JSON line each.
func canonical(t *testing.T, recs []*Record) string {
	t.Helper()
	recs = append([]*Record(nil), recs...)
	SortRecords(recs)
	var buf bytes.Buffer
	for _, r := range recs {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(append(b, '\n'))
	}
	return buf.String()
}

func TestSweepShardsWorkersResume(t *testing.T) {
	cfg := loadSmall(t)
	dir := t.TempDir()
	tasks := cfg.Tasks()
	one := runTo(t, cfg, filepath.Join(dir, "one.jsonl"), RunOptions{Workers: 1})
	if len(one) != len(tasks) {
		t.Fatalf("%d records for %d tasks", len(one), len(tasks))
	}
	want := canonical(t, one)

	t.Run("8 workers", func(t *testing.T) {
		if got := canonical(t, runTo(t, cfg, filepath.Join(dir, "eight.jsonl"), RunOptions{Workers: 8})); got != want {
			t.Error("8 workers differ from 1")
		}
	})
	t.Run("3 shards merged", func(t *testing.T) {
		var paths []string
		for i := 0; i < 3; i++ {
			p := filepath.Join(dir, "shard"+string(rune('0'+i))+".jsonl")
			recs := runTo(t, cfg, p, RunOptions{Shard: Shard{i, 3}, Workers: 2})
			for _, r := range recs {
				if r.Seq%3 != i {
					t.Errorf("shard %d ran case %s (seq %d)", i, r.ID, r.Seq)
				}
			}
			paths = append(paths, p)
		}
		m, err := Merge(paths, MergeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		mcfg, merged := m.Config, m.Records
		if !mcfg.Equal(cfg) {
			t.Error("merged config differs")
		}
		if got := canonical(t, merged); got != want {
			t.Error("3 merged shards differ from one run")
		}
	})
	t.Run("torn line resumed", func(t *testing.T) {
		// Keep the header and three records, then half of the fourth line.
		data, _ := os.ReadFile(filepath.Join(dir, "one.jsonl"))
		lines := bytes.SplitAfter(data, []byte("\n"))
		part := bytes.Join(lines[:4], nil)
		part = append(part, lines[4][:len(lines[4])/2]...)
		p := filepath.Join(dir, "torn.jsonl")
		os.WriteFile(p, part, 0o644)
		f, err := OpenSweepFile(p, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if f.Repaired != int64(len(lines[4])/2) || len(f.Done) != 3 {
			t.Errorf("repaired %d bytes, %d done; want %d, 3", f.Repaired, len(f.Done), len(lines[4])/2)
		}
		f.Close()
		if got := canonical(t, runTo(t, cfg, p, RunOptions{Workers: 2})); got != want {
			t.Error("resumed run differs from one run")
		}
	})
	t.Run("other config refused", func(t *testing.T) {
		other := cfg.WithOverrides(0, 99)
		if _, err := OpenSweepFile(filepath.Join(dir, "one.jsonl"), other); err == nil {
			t.Error("a file of another configuration was resumed")
		}
	})
}
