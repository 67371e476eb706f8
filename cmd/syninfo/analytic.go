package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"sync"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/approx"
	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/model"
)

func init() {
	register(&command{
		name:    "analytic",
		summary: "the Fenton–Wilkinson closed form of each case, with its status",
		order:   10,
		run:     runAnalytic,
	})
}

// analyticLine is one output line of "syninfo analytic".
type analyticLine struct {
	ID                string `json:"id,omitempty"`
	Approximation     string `json:"approximation,omitempty"` // only when not fw
	Status            string `json:"status"`
	MINats            num    `json:"mi_nats"`
	MIBits            num    `json:"mi_bits"`
	ErrorBound        num    `json:"error_bound"`
	Condition         num    `json:"condition"`
	ConditionRest     num    `json:"condition_rest"`
	MinEigenvalue     num    `json:"min_eigenvalue"`
	MinEigenvalueRest num    `json:"min_eigenvalue_rest"`
	LogDet            num    `json:"log_det"`
	LogDetRest        num    `json:"log_det_rest"`
	Synapses          int    `json:"n"`
	Patterns          int    `json:"patterns"`
	Dim               int    `json:"dim"`
	DimRest           int    `json:"dim_rest"`
	DimMethod         string `json:"dim_method"`
}

// appendJSON appends json.Marshal(l) (TestAnalyticLineJSON) without
// reflection: the line of every case.
func (l *analyticLine) appendJSON(b []byte) []byte {
	str := func(b []byte, name, v string) []byte {
		q, _ := json.Marshal(v) // a string always marshals
		return append(append(append(b, `"`...), name...), append([]byte(`":`), q...)...)
	}
	b = append(b, '{')
	if l.ID != "" {
		b = append(str(b, "id", l.ID), ',')
	}
	if l.Approximation != "" {
		b = append(str(b, "approximation", l.Approximation), ',')
	}
	b = str(b, "status", l.Status)
	for _, f := range []struct {
		name string
		v    num
	}{{"mi_nats", l.MINats}, {"mi_bits", l.MIBits}, {"error_bound", l.ErrorBound}, {"condition", l.Condition},
		{"condition_rest", l.ConditionRest}, {"min_eigenvalue", l.MinEigenvalue}, {"min_eigenvalue_rest", l.MinEigenvalueRest},
		{"log_det", l.LogDet}, {"log_det_rest", l.LogDetRest}} {
		b = appendJSONFloat(append(append(append(b, `,"`...), f.name...), `":`...), float64(f.v))
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"n", l.Synapses}, {"patterns", l.Patterns}, {"dim", l.Dim}, {"dim_rest", l.DimRest}} {
		b = strconv.AppendInt(append(append(append(b, `,"`...), f.name...), `":`...), int64(f.v), 10)
	}
	return append(str(append(b, ','), "dim_method", l.DimMethod), '}')
}

// appendJSONFloat appends f as encoding/json writes a float64 (shortest
// representation; exponent form below 1e-6 and from 1e21, as "1e-07" →
// "1e-7"), or null for NaN and ±Inf (as num does).
func appendJSONFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

func newAnalyticLine(c *model.Case, r *analytic.Result) analyticLine {
	return analyticLine{
		ID: c.ID, Status: string(r.Status),
		MINats: num(r.MINats), MIBits: num(r.MIBits()),
		ErrorBound: num(r.ErrorBound), Condition: num(r.Condition), ConditionRest: num(r.ConditionRest),
		MinEigenvalue: num(r.MinEigenvalue), MinEigenvalueRest: num(r.MinEigenvalueRest),
		LogDet: num(r.LogDet), LogDetRest: num(r.LogDetRest),
		Synapses: c.Len(), Patterns: c.K(),
		Dim: r.Support.Dim, DimRest: r.Support.DimRest, DimMethod: r.Support.Method,
	}
}

func runAnalytic(e *env, args []string) error {
	fs := newFlags(e, "analytic", "analytic [FILE|-] [--eigen auto|always|never] [--approximation fw|corrected1|corrected2]\n\n"+
		"Reads one case (JSON) or many (JSON Lines: --workers cases decoded and computed at once)\n"+
		"and writes one JSON line per case, in input order: status, mi_nats, mi_bits (the closed\n"+
		"form; null when C or C' is not positive definite), error_bound (its estimated rounding\n"+
		"error), condition and condition_rest (of C and C' scaled to unit diagonal), the smallest\n"+
		"eigenvalues of C and C', their log-determinants, and the dimensions of the exact laws of\n"+
		"W_S and W_S^(-m).\n\n"+
		"status: zero (pattern m's term is constant on S: the information is 0), infinite (the\n"+
		"information is +inf), lower_dimensional (dim = dim_rest < n: finite, but the n-dimensional\n"+
		"closed form does not describe it), imprecise (double precision cannot give the value to\n"+
		"1e-6, or cannot decide positive definiteness or the dimensions), not_positive_definite\n"+
		"(C or C' is not positive definite: the approximation breaks down), ok. See docs/statuses.md.\n\n"+
		"--approximation corrected1 replaces the closed form's n singleton terms by exact ones\n"+
		"(exact for n = 1; n exact singletons at 1e-4 nats each, see docs/approximations.md): the line\n"+
		"then says \"approximation\", and status, mi_nats, mi_bits and error_bound are the corrected\n"+
		"form's (status singleton_not_converged when an exact term missed its tolerance).\n"+
		"--approximation corrected2 also replaces the dependence term of every pair of dependent\n"+
		"synapses by the exact pair's (exact for n = 2; one exact pair per dependent pair: slow).")
	approximation := fs.String("approximation", approx.FW, "fw (the closed form), corrected1 (exact singleton terms), corrected2 (also exact pair terms)")
	units := unitsFlag(fs)
	workers := workersFlag(fs)
	eigen := fs.String("eigen", "auto", "smallest eigenvalues of C and C': auto (always computed; Lanczos above n = 400), always, never")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := checkUnits(*units); err != nil {
		return err
	}
	if err := applyWorkers(*workers); err != nil {
		return err
	}
	o := analytic.Options{Workers: *workers, Validated: true} // the decoder validates every case
	switch *eigen {
	case "auto":
		o.Eigenvalues = analytic.EigenAuto
	case "always":
		o.Eigenvalues = analytic.EigenAlways
	case "never":
		o.Eigenvalues = analytic.EigenNever
	default:
		return usageErrorf("--eigen: %q is not auto, always or never", *eigen)
	}
	switch *approximation {
	case approx.FW, approx.Corrected1, approx.Corrected2:
	default:
		return usageErrorf("--approximation: %q is not fw, corrected1 or corrected2", *approximation)
	}
	out := bufio.NewWriter(e.stdout)
	if *approximation == approx.FW {
		// One case per worker at a time (lines decoded in parallel). The
		// closed form of a small case runs on its worker's goroutine alone;
		// a large one (n ≥ 64) spreads over o.Workers.
		budget := newMemoryBudget(e)
		err = forEachCaseParallel(e, pos, runtime.GOMAXPROCS(0), func(i int, c *model.Case) ([]byte, error) {
			release, err := budget.acquire(i, c)
			if err != nil {
				return nil, err
			}
			defer release()
			r, err := analytic.Compute(c, o)
			if err != nil {
				return nil, badInput(err)
			}
			line := newAnalyticLine(c, r)
			if *units == "nats" {
				return append(line.appendJSON(nil), '\n'), nil
			}
			var b bytes.Buffer
			if err := jsonLineUnits(&b, line, *units); err != nil {
				return nil, err
			}
			return b.Bytes(), nil
		}, out, out.Flush) // flushed whenever the next line is not ready
	} else {
		err = forEachCaseAhead(e, pos, func(i int, c *model.Case) error {
			if err := checkCaseMemory(e, i, c, 0); err != nil {
				return err
			}
			a, err := approx.Compute(c, *approximation, approx.Options{Analytic: o, Workers: *workers})
			if err != nil {
				return badInput(err)
			}
			line := newAnalyticLine(c, a.Closed)
			line.Approximation, line.Status = a.Name, a.Status
			line.MINats, line.MIBits, line.ErrorBound = num(a.MINats), num(a.MINats/math.Ln2), num(a.ErrorEstimate)
			return jsonLineUnits(out, line, *units)
		}, out.Flush) // flushed whenever no decoded case is waiting
	}
	if ferr := out.Flush(); err == nil {
		err = ferr // a failed write of the last lines is a failed run (exit 1)
	}
	return err
}

// forEachCaseAhead is forEachCase with the decoding of the next cases
// running on its own goroutine, a few cases ahead of fn: parsing and the
// closed form then use a core each. Results and errors come in input
// order, as from forEachCase; idle (when no decoded case is waiting) is
// called before fn waits for the decoder. Memory is bounded by the cases
// in flight (ahead + 2).
func forEachCaseAhead(e *env, pos []string, fn func(i int, c *model.Case) error, idle func() error) error {
	in, name, err := openInput(e, pos)
	if err != nil {
		return err
	}
	defer in.Close()
	return decodeAhead(model.NewDecoder(in), 0, name, fn, idle)
}

// decodeAhead runs forEachCaseAhead's loop on the cases of dec, the first
// of which has index first; name is the input's name for messages.
func decodeAhead(dec *model.Decoder, first int, name string, fn func(i int, c *model.Case) error, idle func() error) error {
	const ahead = 4
	type item struct {
		c   *model.Case
		err error
	}
	items := make(chan item, ahead)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(items)
		for {
			c, err := dec.Next()
			if err == io.EOF {
				return
			}
			select {
			case items <- item{c, err}:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	i := first
	for {
		it, ok, err := receiveIdle(items, idle)
		if err != nil {
			return err
		}
		if !ok {
			if i == 0 {
				return usageErrorf("%s: no case found", name)
			}
			return nil
		}
		if it.err != nil {
			return badInput(fmt.Errorf("%s: %w", name, it.err))
		}
		if err := fn(i, it.c); err != nil {
			return err
		}
		i++
	}
}

// memoryBudget admits cases computed on several goroutines at once so that
// the memory they need together (compare.Memory) stays within the share a
// run may use: a case waits until the cases in flight leave room for it,
// and a case that would not fit alone is refused by checkCaseMemory. The
// memory available is read once (that reads files under /proc and /sys,
// as long as a small case takes).
type memoryBudget struct {
	e     *env
	mu    sync.Mutex
	room  *sync.Cond
	ready bool
	free  float64 // bytes not promised to a case in flight
	total float64
}

func newMemoryBudget(e *env) *memoryBudget {
	b := &memoryBudget{e: e}
	b.room = sync.NewCond(&b.mu)
	return b
}

// acquire waits until case i (0-based) fits beside the cases in flight and
// returns the function that gives its memory back; or it refuses the case.
func (b *memoryBudget) acquire(i int, c *model.Case) (release func(), err error) {
	need := compare.Memory(0, c.K(), c.Len(), len(c.Touched()), 0)
	b.mu.Lock()
	if !b.ready {
		if avail, _, err := availableMemory(b.e); err == nil {
			b.total = memoryFraction * avail
		}
		b.free, b.ready = b.total, true
	}
	if !(need <= b.total) {
		b.mu.Unlock()
		if err := checkCaseMemory(b.e, i, c, 0); err != nil {
			return nil, err
		}
		return func() {}, nil // it fits after all (memory was freed since the start): alone, unaccounted
	}
	for need > b.free {
		b.room.Wait()
	}
	b.free -= need
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		b.free += need
		b.mu.Unlock()
		b.room.Broadcast()
	}, nil
}
