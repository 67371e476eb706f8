package sweep

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
)

func clone(t *testing.T, recs []*Record) []*Record {
	t.Helper()
	out := make([]*Record, len(recs))
	for i, r := range recs {
		b, _ := json.Marshal(r)
		out[i] = new(Record)
		if err := json.Unmarshal(b, out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestRegress(t *testing.T) {
	cfg := loadSmall(t)
	base := runTo(t, cfg, filepath.Join(t.TempDir(), "base.jsonl"), RunOptions{})
	cur, err := Recompute(context.Background(), cfg, base, 2)
	if err != nil {
		t.Fatal(err)
	}
	if ch, n := Regress(base, cur, Tolerances{}); len(ch) != 0 || n < len(base) {
		t.Fatalf("baseline against itself: %d changes of %d values: %+v", len(ch), n, ch)
	}
	var withValue, withEstimate int = -1, -1
	for i, r := range base {
		if r.Analytic.MINats.Valid() && withValue < 0 {
			withValue = i
		}
		if r.EntropyDiff != nil && r.EntropyDiff.SE > 0 && r.Truth.Uncertainty > 0 && r.Exact == nil && withEstimate < 0 {
			withEstimate = i
		}
	}
	t.Run("closed form moved 1e-6", func(t *testing.T) {
		moved := clone(t, cur)
		moved[withValue].Analytic.MINats *= 1 + 1e-6
		ch, _ := Regress(base, moved, Tolerances{})
		if len(ch) != 1 || ch[0].Field != "analytic.mi_nats" || ch[0].ID != base[withValue].ID {
			t.Errorf("changes %+v, want one analytic.mi_nats of %s", ch, base[withValue].ID)
		}
	})
	t.Run("status changed", func(t *testing.T) {
		moved := clone(t, cur)
		moved[withValue].Analytic.Status = "not_positive_definite"
		if ch, _ := Regress(base, moved, Tolerances{}); len(ch) != 1 || ch[0].Field != "analytic.status" {
			t.Errorf("changes %+v", ch)
		}
	})
	t.Run("estimate within and beyond 4 SE", func(t *testing.T) {
		e := base[withEstimate].EntropyDiff
		moved := clone(t, cur)
		moved[withEstimate].EntropyDiff.MINats = e.MINats + 5*e.SE // 5 SE vs a limit of 4√2 ≈ 5.66 SE
		if ch, _ := Regress(base, moved, Tolerances{}); len(ch) != 0 {
			t.Errorf("a 5 SE move flagged: %+v", ch)
		}
		moved[withEstimate].EntropyDiff.MINats = e.MINats + 6*e.SE
		if ch, _ := Regress(base, moved, Tolerances{}); len(ch) != 1 || ch[0].Field != "entropy_diff.mi_nats" {
			t.Errorf("a 6 SE move: %+v", ch)
		}
	})
	t.Run("truth within and beyond 4 uncertainties", func(t *testing.T) {
		tr := base[withEstimate].Truth
		if !(tr.Uncertainty > 0) {
			t.Fatalf("record %s has no statistical truth: %+v", base[withEstimate].ID, tr)
		}
		moved := clone(t, cur)
		moved[withEstimate].Truth.MINats = tr.MINats + 5*tr.Uncertainty
		if ch, _ := Regress(base, moved, Tolerances{}); len(ch) != 0 {
			t.Errorf("a 5-uncertainty move flagged: %+v", ch)
		}
		moved[withEstimate].Truth.MINats = tr.MINats + 6*tr.Uncertainty
		if ch, _ := Regress(base, moved, Tolerances{}); len(ch) != 1 || ch[0].Field != "truth.mi_nats" {
			t.Errorf("a 6-uncertainty move: %+v", ch)
		}
	})
	t.Run("missing case", func(t *testing.T) {
		if ch, _ := Regress(base, cur[1:], Tolerances{}); len(ch) != 1 || ch[0].Field != "case" {
			t.Errorf("changes %+v", ch)
		}
	})
}
