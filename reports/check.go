package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/syninfo/syninfo/sweep"
)

// Check verifies that the records make one report: every record has a
// result or a failure (a case that could not be computed); an id that appears more than once carries the same record each
// time (the copies are dropped, and a note says how many); and the records
// come from one configuration: one seed, and, when cfg (the sweep file's
// header) is known, that configuration's seed and cases (ids with their
// parameters). It returns the records without duplicates and the notes,
// or an error that names what conflicts.
func Check(cfg *sweep.Config, recs []*sweep.Record) ([]*sweep.Record, []string, error) {
	if len(recs) == 0 {
		return nil, nil, fmt.Errorf("reports: no records")
	}
	var notes []string
	seen := map[string][]byte{}
	var out []*sweep.Record
	dups := 0
	for i, r := range recs {
		if r == nil || (r.Result == nil && r.Failure == "") {
			return nil, nil, fmt.Errorf("reports: record %d has neither a result nor a failure", i)
		}
		b, err := json.Marshal(r)
		if err != nil {
			return nil, nil, fmt.Errorf("reports: record %s: %w", r.ID, err)
		}
		if prev, ok := seen[r.ID]; ok {
			if !bytes.Equal(prev, b) {
				return nil, nil, fmt.Errorf("reports: id %s appears twice with different contents (two runs of one case, or two sweeps mixed); keep one of them, e.g. with syninfo merge", r.ID)
			}
			dups++
			continue
		}
		seen[r.ID] = b
		out = append(out, r)
	}
	if dups > 0 {
		notes = append(notes, fmt.Sprintf("The input repeats %d records identically (same id, same contents); each is counted once.", dups))
	}
	// One seed.
	bySeed := map[uint64][]string{}
	var seeds []uint64
	for _, r := range out {
		if _, ok := bySeed[r.Seed]; !ok {
			seeds = append(seeds, r.Seed)
		}
		bySeed[r.Seed] = append(bySeed[r.Seed], r.ID)
	}
	if len(seeds) > 1 {
		slices.Sort(seeds)
		var parts []string
		for _, s := range seeds[:2] {
			parts = append(parts, fmt.Sprintf("seed %d (%d records, e.g. %s)", s, len(bySeed[s]), bySeed[s][0]))
		}
		return nil, nil, fmt.Errorf("reports: the records come from two configurations: %s; report each sweep file on its own", strings.Join(parts, " and "))
	}
	if cfg == nil {
		return out, notes, nil
	}
	if out[0].Seed != cfg.Seed {
		return nil, nil, fmt.Errorf("reports: the records come from two configurations: the header's (seed %d) and another (seed %d, e.g. %s)", cfg.Seed, out[0].Seed, out[0].ID)
	}
	tasks := map[string]sweep.Params{}
	for _, t := range cfg.Tasks() {
		tasks[t.ID] = t.Params
	}
	for _, r := range out {
		p, ok := tasks[r.ID]
		switch {
		case !ok:
			return nil, nil, fmt.Errorf("reports: the records come from two configurations: record %s is not a case of the header's configuration (groups %s)", r.ID, groupNames(cfg))
		case p != r.Params:
			return nil, nil, fmt.Errorf("reports: the records come from two configurations: record %s has parameters %+v, the header's configuration gives that id %+v", r.ID, r.Params, p)
		}
	}
	return out, notes, nil
}

func groupNames(cfg *sweep.Config) string {
	var s []string
	for _, g := range cfg.Groups {
		s = append(s, g.Name)
	}
	return strings.Join(s, ", ")
}
