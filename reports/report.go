package reports

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/sweep"
)

// Options tune Write.
type Options struct {
	// Title heads the report (default "syninfo accuracy report").
	Title string
	// Config is the sweep configuration the records come from (the sweep
	// file's header); nil when unknown. It is written to
	// DIR/sweep-config.json, which the reproduction commands name.
	Config *sweep.Config
	// Source names the sweep file in the report (optional).
	Source string
	// Worst is the number of rows of the worst-cases tables (default 10).
	Worst int
}

// Names of the files Write creates in its directory (besides the figures,
// fig-NAME.svg and fig-NAME.png for each name of FigureNames).
const (
	MarkdownFile = "report.md"
	HTMLFile     = "index.html"
	CSVFile      = "results.csv"
	ConfigFile   = "sweep-config.json"
)

// Write writes the report of the records to dir (created if needed):
// report.md, index.html, results.csv, the figures (FigureNames) as SVG and
// PNG, and sweep-config.json when o.Config is set. The records may come in
// any order; they are reported by sequence number, then id. The same records
// and options give byte-identical files.
func Write(dir string, recs []*sweep.Record, o Options) error {
	if len(recs) == 0 {
		return fmt.Errorf("reports: no records")
	}
	for i, r := range recs {
		if r == nil || r.Result == nil {
			return fmt.Errorf("reports: record %d has no result", i)
		}
	}
	if o.Title == "" {
		o.Title = "syninfo accuracy report"
	}
	if o.Worst <= 0 {
		o.Worst = 10
	}
	recs = sortRecords(recs)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	configRef := ""
	if o.Config != nil {
		b, err := json.MarshalIndent(o.Config, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, ConfigFile), append(b, '\n'), 0o644); err != nil {
			return err
		}
		configRef = filepath.Join(dir, ConfigFile)
	}
	figs, err := renderFigures(recs)
	if err != nil {
		return err
	}
	for _, f := range figs {
		if err := os.WriteFile(filepath.Join(dir, f.SVGFile), f.svg, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f.PNGFile), f.png, 0o644); err != nil {
			return err
		}
	}
	d, err := buildData(recs, o, configRef, figs)
	if err != nil {
		return err
	}
	var md, html, csv bytes.Buffer
	if err := mdTemplate.Execute(&md, d); err != nil {
		return err
	}
	if err := htmlTemplate.Execute(&html, d); err != nil {
		return err
	}
	if err := writeCSV(&csv, recs); err != nil {
		return err
	}
	for name, b := range map[string][]byte{MarkdownFile: md.Bytes(), HTMLFile: html.Bytes(), CSVFile: csv.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// sortRecords returns the records ordered by sequence number, then id.
func sortRecords(recs []*sweep.Record) []*sweep.Record {
	s := slices.Clone(recs)
	slices.SortStableFunc(s, func(a, b *sweep.Record) int {
		return cmp.Or(cmp.Compare(a.Seq, b.Seq), strings.Compare(a.ID, b.ID))
	})
	return s
}

// data is what the templates see.
type data struct {
	Title, Source string
	Cases         int
	Statuses      []statusCount
	// InfiniteWithValue counts infinite truths with a finite closed form.
	InfiniteWithValue int
	Overall           row
	Tables            []table
	Figures           []*figure
	Worst             []worstRow
	WorstAbs          []worstRow
	Failures          []failureRow
	WorstN            int
	HasConfig         bool
	ConfigFile        string
	Notes             []string
}

type statusCount struct {
	Status string
	Count  int
}

// row is one formatted Regime.
type row struct {
	Key                                                      string
	Count, OK, Infinite, NotPD, Errors                       int
	Bias, MeanAbs, MedianAbs, P90Abs, MedianRel, P90Rel, Sig string
	RateInf, RateNotPD                                       string
}

type table struct {
	Title, Dim string
	Rows       []row
}

type worstRow struct {
	ID, Params, Status, ClosedForm, Truth, Error, Z, Command string
}

type failureRow struct {
	ID, Params, Status, ClosedForm, MinEig, MinEigRest, Truth, Command string
}

func buildData(recs []*sweep.Record, o Options, configRef string, figs []*figure) (*data, error) {
	d := &data{Title: o.Title, Source: o.Source, Cases: len(recs), Figures: figs, WorstN: o.Worst,
		HasConfig: o.Config != nil, ConfigFile: ConfigFile}
	all, err := sweep.Aggregate(recs)
	if err != nil {
		return nil, err
	}
	g := all[0]
	d.Overall = fmtRow(g)
	d.InfiniteWithValue = g.InfiniteWithValue
	d.Statuses = []statusCount{{compare.StatusOK, g.OK}, {compare.StatusInfinite, g.Infinite},
		{compare.StatusNotPositiveDefinite, g.NotPositiveDefinite}}
	if g.Other > 0 {
		d.Statuses = append(d.Statuses, statusCount{"other", g.Other})
	}
	for _, t := range []struct{ title, dim string }{
		{"By group", sweep.ByGroup}, {"By number of patterns K", sweep.ByK},
		{"By number of synapses n", sweep.ByN}, {"By σ² (set 3 has no single σ²: n/a)", sweep.ByS2},
		{"By ρ (set 3: n/a)", sweep.ByRho},
	} {
		regs, err := sweep.Aggregate(recs, t.dim)
		if err != nil {
			return nil, err
		}
		tb := table{Title: t.title, Dim: t.dim}
		for _, r := range regs {
			tb.Rows = append(tb.Rows, fmtRow(r))
		}
		d.Tables = append(d.Tables, tb)
	}
	d.Worst, d.WorstAbs = worstCases(recs, o, configRef)
	d.Failures = failures(recs, o, configRef)
	if o.Config == nil {
		d.Notes = append(d.Notes, "The records carry no sweep header, so the reproduction commands name CONFIG: the sweep configuration the records were computed with.")
	}
	return d, nil
}

func fmtRow(r sweep.Regime) row {
	key := r.Key()
	if key == "" {
		key = "all"
	}
	return row{Key: key, Count: r.Count, OK: r.OK, Infinite: r.Infinite, NotPD: r.NotPositiveDefinite, Errors: r.Errors,
		Bias: fmtNum(r.Bias), MeanAbs: fmtNum(r.MeanAbs), MedianAbs: fmtNum(r.MedianAbs), P90Abs: fmtNum(r.P90Abs),
		MedianRel: pct(r.MedianRel), P90Rel: pct(r.P90Rel),
		Sig:     fmt.Sprintf("%d/%d", r.Significant, r.ZErrors),
		RateInf: pct(r.RateInfinite), RateNotPD: pct(r.RateNotPositiveDefinite)}
}

// fmtNum formats a value in nats to 3 significant digits ("–" for NaN).
func fmtNum(x float64) string {
	switch {
	case math.IsNaN(x):
		return "–"
	case math.IsInf(x, 1):
		return "+∞"
	case math.IsInf(x, -1):
		return "−∞"
	case x == 0:
		return "0"
	}
	a := math.Abs(x)
	if a >= 1e5 || a < 1e-3 {
		return strconv.FormatFloat(x, 'e', 2, 64)
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// pct formats a proportion as a percentage.
func pct(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return strconv.FormatFloat(100*x, 'f', 1, 64) + "%"
}

// params is a short description of a record's parameters.
func params(r *sweep.Record) string {
	p := r.Params
	s := fmt.Sprintf("set %d, N=%d, K=%d, n=%d, m=%d", p.Set, p.Neurons, p.Patterns, p.Synapses, p.Pattern)
	if p.Set != 3 {
		s += fmt.Sprintf(", σ²=%s, ρ=%s", fmtNum(p.S2), fmtNum(p.Rho))
	}
	return s
}

// Command returns the shell command that reproduces record r alone:
// syninfo cases CONFIG --id ID | syninfo compare --seed SEED --samples M,
// with --k, --blocks and --no-ksg when the sweep config cfg (or the record's
// group) sets them. config is the path of the sweep configuration ("CONFIG"
// when empty).
func Command(r *sweep.Record, cfg *sweep.Config, config string) string {
	if config == "" {
		config = "CONFIG"
	}
	s := fmt.Sprintf("syninfo cases %s --id %s | syninfo compare --seed %d --samples %d",
		shellQuote(config), shellQuote(r.ID), r.Seed, r.Samples)
	if cfg != nil {
		if cfg.K != 3 {
			s += fmt.Sprintf(" --k %d", cfg.K)
		}
		if cfg.Blocks != 0 && cfg.Blocks != compare.DefaultBlocks {
			s += fmt.Sprintf(" --blocks %d", cfg.Blocks)
		}
		noKSG := cfg.NoKSG
		for _, g := range cfg.Groups {
			noKSG = noKSG || (g.Name == r.Group && g.NoKSG)
		}
		if noKSG {
			s += " --no-ksg"
		}
	}
	return s
}

// shellQuote quotes s for a POSIX shell when it holds anything but safe characters.
func shellQuote(s string) string {
	safe := s != ""
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_./+=:,@", c)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// truthText formats the truth with its standard error.
func truthText(r *sweep.Record) string {
	t := r.Truth
	switch {
	case t.Infinite:
		return "+∞ (" + t.Source + ")"
	case !t.MINats.Valid():
		return "– (" + t.Source + ")"
	}
	return fmt.Sprintf("%s ± %s (%s)", fmtNum(float64(t.MINats)), fmtNum(float64(t.SE)), t.Source)
}

// worstCases returns the records with the largest |Z| (records without a
// finite Z after them, by |Abs|) and those with the largest |Abs|.
func worstCases(recs []*sweep.Record, o Options, configRef string) (byZ, byAbs []worstRow) {
	var errs []*sweep.Record
	for _, r := range recs {
		if r.Error != nil && r.Error.Abs.Valid() {
			errs = append(errs, r)
		}
	}
	absOf := func(r *sweep.Record) float64 { return math.Abs(float64(r.Error.Abs)) }
	zOf := func(r *sweep.Record) float64 {
		if r.Error.Z.Valid() {
			return math.Abs(float64(r.Error.Z))
		}
		return -1
	}
	mk := func(list []*sweep.Record) []worstRow {
		var out []worstRow
		for _, r := range list[:min(len(list), o.Worst)] {
			out = append(out, worstRow{ID: r.ID, Params: params(r), Status: r.Analytic.Status,
				ClosedForm: fmtNum(float64(r.Analytic.MINats)), Truth: truthText(r),
				Error: fmtNum(float64(r.Error.Abs)), Z: fmtNum(float64(r.Error.Z)), Command: Command(r, o.Config, configRef)})
		}
		return out
	}
	z := slices.Clone(errs)
	slices.SortStableFunc(z, func(a, b *sweep.Record) int {
		return cmp.Or(cmp.Compare(zOf(b), zOf(a)), cmp.Compare(absOf(b), absOf(a)))
	})
	ab := slices.Clone(errs)
	slices.SortStableFunc(ab, func(a, b *sweep.Record) int { return cmp.Compare(absOf(b), absOf(a)) })
	return mk(z), mk(ab)
}

// failures lists the records where the closed form fails: not positive
// definite, or a finite value for an infinite truth.
func failures(recs []*sweep.Record, o Options, configRef string) []failureRow {
	var out []failureRow
	for _, r := range recs {
		a := r.Analytic
		if a.Status != compare.StatusNotPositiveDefinite && !(r.Truth.Infinite && a.MINats.Valid()) {
			continue
		}
		out = append(out, failureRow{ID: r.ID, Params: params(r), Status: a.Status,
			ClosedForm: fmtNum(float64(a.MINats)), MinEig: fmtNum(float64(a.MinEigenvalue)), MinEigRest: fmtNum(float64(a.MinEigenvalueRest)),
			Truth: truthText(r), Command: Command(r, o.Config, configRef)})
	}
	return out
}
