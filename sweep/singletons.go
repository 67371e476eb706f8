package sweep

import (
	"context"
	"fmt"
	"math"
	"runtime"

	"golang.org/x/sync/errgroup"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/exact"
	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/simsets"
)

// SingletonPoint is one point of a SingletonGrid: its parameters, the closed
// form's status and value, the exact reference with its error estimate, and
// the closed form's error against it, all in nats.
type SingletonPoint struct {
	S2       float64   `json:"s2"`
	Rho      float64   `json:"rho"`
	K        int       `json:"patterns"`
	Status   string    `json:"status"`
	Analytic num.Float `json:"analytic_nats"`
	Exact    num.Float `json:"exact_nats"`
	ExactErr num.Float `json:"exact_error_estimate"`
	// Error is Analytic − Exact, RelError = Error/Exact.
	Error    num.Float `json:"error_nats"`
	RelError num.Float `json:"rel_error"`
}

// SingletonGrid is the product σ² × ρ × K of set-1 singletons: synapse
// (1, 2) of Neurons neurons, K patterns with the fixed set-1 log-means and
// one shared Σ = σ²[(1−ρ)I + ρ11ᵀ], pattern 0.
type SingletonGrid struct {
	points []SingletonPoint
	cases  []*model.Case
}

// NewSingletonGrid builds the grid's cases, σ² slowest and K fastest. An
// error names the parameter that has no valid case.
func NewSingletonGrid(neurons int, s2, rho []float64, ks []int) (*SingletonGrid, error) {
	g := &SingletonGrid{}
	for _, v := range s2 {
		if v < 0 || math.IsNaN(v) {
			return nil, fmt.Errorf("s2: %v is negative", v)
		}
		for _, r := range rho {
			for _, k := range ks {
				c, err := simsets.Set1(neurons, k, math.Sqrt(v), r, []model.Synapse{{1, 2}}, 0)
				if err != nil {
					return nil, err
				}
				g.points = append(g.points, SingletonPoint{S2: v, Rho: r, K: k})
				g.cases = append(g.cases, c)
			}
		}
	}
	return g, nil
}

// Compute evaluates the closed form and the exact reference at every point,
// workers points at a time (0: GOMAXPROCS), and returns the points in grid
// order. The values do not depend on workers.
func (g *SingletonGrid) Compute(ctx context.Context, workers int) ([]SingletonPoint, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]SingletonPoint, len(g.points))
	copy(out, g.points)
	eg, ctx := errgroup.WithContext(ctx)
	eg.SetLimit(workers)
	for i, c := range g.cases {
		eg.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			a, err := analytic.Compute(c, analytic.Options{Workers: 1})
			if err != nil {
				return err
			}
			x, err := exact.Singleton(c, exact.Options{Workers: 1})
			if err != nil {
				return err
			}
			p := &out[i]
			p.Status, p.Analytic, p.Exact, p.ExactErr = string(a.Status), num.Float(a.MINats), num.Float(x.MINats), num.Float(x.ErrorEstimate)
			p.Error, p.RelError = num.Float(a.MINats-x.MINats), num.Float((a.MINats-x.MINats)/x.MINats)
			return nil
		})
	}
	if err := eg.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}
