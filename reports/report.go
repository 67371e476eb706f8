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
	// Provenance, when set, says what made the report (version, commit,
	// date and command line: buildinfo.Provenance.String()); it ends the
	// report.
	Provenance string
	// Worst is the number of rows of the largest-errors table (default 10).
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
// any order; they are reported by sequence number, then id. Records that
// Check refuses (conflicting duplicates, two configurations) are an error.
// The same records and options give byte-identical files.
func Write(dir string, recs []*sweep.Record, o Options) error {
	recs, notes, err := Check(o.Config, recs)
	if err != nil {
		return err
	}
	if o.Title == "" {
		o.Title = "syninfo accuracy report"
	}
	if o.Worst <= 0 {
		o.Worst = 10
	}
	recs = sortRecords(recs)
	recs, failed := splitFailed(recs)
	vs, err := views(recs)
	if err != nil {
		return err
	}
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
	figs, figNotes, err := renderFigures(vs)
	if err != nil {
		return err
	}
	page, err := buildPage(vs, failed, o, configRef, figs, append(notes, figNotes...))
	if err != nil {
		return err
	}
	if err := WritePage(dir, page); err != nil {
		return err
	}
	var csv bytes.Buffer
	if err := writeCSV(&csv, vs); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, CSVFile), csv.Bytes(), 0o644)
}

// sortRecords returns the records ordered by sequence number, then id.
func sortRecords(recs []*sweep.Record) []*sweep.Record {
	s := slices.Clone(recs)
	slices.SortStableFunc(s, func(a, b *sweep.Record) int {
		return cmp.Or(cmp.Compare(a.Seq, b.Seq), strings.Compare(a.ID, b.ID))
	})
	return s
}

// splitFailed separates the records of cases that could not be computed
// (a failure, no result).
func splitFailed(recs []*sweep.Record) (ok, failed []*sweep.Record) {
	for _, r := range recs {
		if r.Result == nil {
			failed = append(failed, r)
		} else {
			ok = append(ok, r)
		}
	}
	return ok, failed
}

// buildPage assembles the report.
func buildPage(vs []*caseView, failed []*sweep.Record, o Options, configRef string, figs []*Figure, notes []string) (*Page, error) {
	p := &Page{Title: o.Title}
	add := func(b ...Block) { p.Blocks = append(p.Blocks, b...) }
	var intro []Span
	if o.Source != "" {
		intro = append(intro, Text("Sweep file: "), Span{Text: o.Source, Code: true}, Text(". "))
	}
	intro = append(intro, Text("All values are in nats (1 nat = 1/ln 2 ≈ 1.443 bits). The error is the closed form minus the truth, I_FW − I; "+
		"the truth is the exact reference where one exists (n = 1) and the entropy-difference estimate otherwise. "+
		"A value that does not exist is written %s; infinities +∞ and −∞. Per-case results: ", Missing),
		Span{Text: CSVFile, Href: CSVFile}, Text("; "), Span{Text: MarkdownFile, Href: MarkdownFile}, Text(" and "), Span{Text: HTMLFile, Href: HTMLFile}, Text(" say the same."))
	add(Block{Para: intro})

	ans, err := answer(vs)
	if err != nil {
		return nil, err
	}
	if len(failed) > 0 {
		ans[0].Box = append(ans[0].Box, Para("%s could not be computed at all and are not counted above; their errors are listed under \"Cases that could not be computed\".", plural(len(failed), "case")))
	}
	names := approxNames(vs)
	if len(names) >= 2 {
		rb, err := rankingAnswer(vs, names)
		if err != nil {
			return nil, err
		}
		ans[0].Box = append(ans[0].Box, rb...)
	}
	add(ans...)
	for _, n := range notes {
		add(Block{Para: []Span{{Text: "Note: ", Bold: true}, Text("%s", n)}, Class: "note"})
	}
	if o.Config == nil {
		add(Block{Para: []Span{{Text: "Note: ", Bold: true}, Text("the records carry no sweep header, so the reproduction commands name CONFIG: the sweep configuration the records were computed with.")}, Class: "note"})
	}

	add(Heading("Cases"))
	add(casesList(vs)...)

	add(Heading("Figures"))
	var truthFig *Figure
	for _, f := range figs {
		if f.Name == "truth-check" {
			truthFig = f
			continue
		}
		if f.Name == RankingFigure {
			continue
		}
		add(Block{Figure: f})
	}

	add(truthValidation(vs, truthFig)...)

	if len(names) >= 2 {
		var rankFig *Figure
		for _, f := range figs {
			if f.Name == RankingFigure {
				rankFig = f
			}
		}
		rb, err := rankingBlocks(vs, names, rankFig)
		if err != nil {
			return nil, err
		}
		add(rb...)
	}

	aggs, err := aggregates(vs)
	if err != nil {
		return nil, err
	}
	add(aggs...)

	add(Heading("Largest errors"))
	add(Para("The %d cases with the largest absolute error |I_FW − I| (closed form and truth both finite), largest first. "+
		"An error is called real when |I_FW − I| exceeds both the truth's tolerance (%s nats unless the record states one) and %d uncertainties of the truth; "+
		"otherwise the truth cannot tell it from its own error.", o.Worst, Num(DefaultTolerance), compare.RealSigmas))
	add(reproNote(o))
	add(worstBlocks(vs, o, configRef)...)

	add(Heading("Where the closed form fails"))
	add(Para("Cases whose closed form has any status but ok (not positive definite: C or C′ fails Cholesky, smallest eigenvalues given; other statuses as the closed form reports them), or is finite although the truth is +∞."))
	add(failureBlocks(vs, o, configRef)...)
	if len(failed) > 0 {
		add(Heading("Cases that could not be computed"))
		add(Para("The sweep recorded an error instead of a result for these cases (syninfo sweep --retry-failed computes them again after a fix)."))
		var rows [][]Cell
		for _, r := range failed {
			rows = append(rows, []Cell{{Text: r.ID}, {Text: params(r)}, {Text: r.Failure}, {Text: Command(r, o.Config, configRef), Code: true}})
		}
		add(Block{Table: &Table{Header: []string{"id", "parameters", "error", "reproduce"}, Rows: rows}})
	}
	if o.Provenance != "" {
		add(Block{Para: []Span{Text("Made by "), Span{Text: o.Provenance, Code: true}, Text(".")}})
	}
	return p, nil
}

func reproNote(o Options) Block {
	s := "Each command recomputes one case alone and prints the same JSON result as its line of the sweep file"
	if o.Config != nil {
		s += "; it reads the sweep configuration written beside this report (" + ConfigFile + ") and is written for the directory the report was generated from"
	}
	return Para("%s.", s)
}

// casesList is the list of counts under "Cases".
func casesList(vs []*caseView) []Block {
	st := map[string]int{}
	var order []string
	infVal, compared, within, real := 0, 0, 0, 0
	for _, v := range vs {
		if st[v.Status] == 0 {
			order = append(order, v.Status)
		}
		st[v.Status]++
		if v.Infinite && !math.IsNaN(v.ClosedForm) && !math.IsInf(v.ClosedForm, 0) {
			infVal++
		}
		if v.Compared {
			compared++
			if v.Within() {
				within++
			}
			if v.Real {
				real++
			}
		}
	}
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(statusRank(a), statusRank(b)) })
	var parts []string
	for _, s := range order {
		parts = append(parts, fmt.Sprintf("%s: %d", statusWords(s), st[s]))
	}
	abs, signed := errorsOf(vs)
	items := [][]Span{
		{Text("Cases: %d (closed form %s).", len(vs), strings.Join(parts, ", "))},
		{Text("Truth +∞ while the closed form returns a finite number (wrong by construction): %d.", infVal)},
		{Text("Compared (closed form and truth both finite): %d. Median |error| %s nats, bias (mean error) %s nats, 90th percentile of |error| %s nats.",
			compared, Num(quantile(abs, 0.5)), Num(mean(signed)), Num(quantile(abs, 0.9)))},
		{Text("Compared cases %s of the truth: %s. Real errors (beyond the tolerance and %d uncertainties of the truth): %s.",
			criterion(), Share(within, compared), compare.RealSigmas, Share(real, compared))},
	}
	return []Block{{List: items}}
}

// statusRank orders closed-form statuses: ok, infinite, not positive
// definite, then any other (alphabetically by the caller's stable sort).
func statusRank(s string) int {
	switch s {
	case compare.StatusOK:
		return 0
	case compare.StatusInfinite:
		return 1
	case compare.StatusNotPositiveDefinite:
		return 2
	}
	return 3
}

// statusWords says a closed-form status in words; an unknown status is
// shown as it is.
func statusWords(s string) string {
	switch s {
	case compare.StatusOK:
		return "ok"
	case compare.StatusInfinite:
		return "infinite"
	case compare.StatusNotPositiveDefinite:
		return "not positive definite"
	case "":
		return "no status"
	}
	return strings.ReplaceAll(s, "_", " ")
}

// errorsOf returns |error| (sorted) and the signed errors of the compared cases.
func errorsOf(vs []*caseView) (abs, signed []float64) {
	for _, v := range vs {
		if v.Compared {
			abs = append(abs, v.Abs)
			signed = append(signed, v.Signed)
		}
	}
	slices.Sort(abs)
	return abs, signed
}

// quantile is the type-7 p-quantile of a sorted sample (NaN when empty).
func quantile(sorted []float64, p float64) float64 { return sweep.Quantile7(sorted, p) }

// mean is the sample mean (NaN when empty).
func mean(x []float64) float64 { return sweep.Mean(x) }

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return quantile(s, 0.5)
}

// params is a short description of a record's parameters.
func params(r *sweep.Record) string {
	p := r.Params
	s := fmt.Sprintf("set %d, N=%d, K=%d, n=%d, m=%d", p.Set, p.Neurons, p.Patterns, p.Synapses, p.Pattern)
	if p.Set != 3 {
		s += fmt.Sprintf(", σ²=%s, ρ=%s", Num(p.S2), Num(p.Rho))
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

// methodWords names a truth method in words: the exact references, the
// model's rank, and the estimators (the entropy difference under any of its
// estimator names: kl, wkl, kl-white, wkl-white).
func methodWords(m string) string {
	switch m {
	case "exact":
		return "exact reference"
	case "exact_blocks":
		return "exact reference over independent blocks"
	case "entropy_diff":
		return "entropy difference"
	case "kl", "wkl", "kl-white", "wkl-white":
		return "entropy difference (" + m + ")"
	case "model":
		return "model rank"
	case "none", "":
		return "none"
	}
	return strings.ReplaceAll(m, "_", " ")
}

// isExactMethod reports whether a truth method is a numerically exact
// reference.
func isExactMethod(m string) bool { return m == "exact" || m == "exact_blocks" }

// truthText formats the truth with its uncertainty and method.
func truthText(v *caseView) string {
	switch {
	case v.Infinite:
		return "+∞ (" + methodWords(v.Method) + ")"
	case math.IsNaN(v.Truth):
		return Missing + " (" + methodWords(v.Method) + ")"
	}
	return fmt.Sprintf("%s ± %s (%s)", Num(v.Truth), Num(v.Unc), methodWords(v.Method))
}

// worstBlocks lists the compared cases with the largest |error|.
func worstBlocks(vs []*caseView, o Options, configRef string) []Block {
	var errs []*caseView
	for _, v := range vs {
		if v.Compared {
			errs = append(errs, v)
		}
	}
	if len(errs) == 0 {
		return []Block{Para("No case has both a finite closed form and a finite truth.")}
	}
	slices.SortStableFunc(errs, func(a, b *caseView) int { return cmp.Compare(b.Abs, a.Abs) })
	errs = errs[:min(len(errs), o.Worst)]
	header := []string{"id", "parameters", "status", "closed form", "truth ± uncertainty (method)", "error I_FW − I", "relative", "real?"}
	right := []bool{false, false, false, true, false, true, true, false}
	var rows, htmlRows [][]Cell
	var code []string
	for _, v := range errs {
		real := Cell{Text: "no (within the truth's uncertainty or tolerance)"}
		if v.Real {
			real = Cell{Text: "yes", Class: "bad"}
		}
		row := []Cell{{Text: v.ID}, {Text: params(v.Record)}, {Text: statusWords(v.Status)}, {Text: Num(v.ClosedForm)},
			{Text: truthText(v)}, {Text: Num(v.Signed)}, {Text: Pct(math.Abs(v.Rel))}, real}
		rows = append(rows, row)
		cmd := Command(v.Record, o.Config, configRef)
		htmlRows = append(htmlRows, append(slices.Clone(row), Cell{Text: cmd, Code: true}))
		code = append(code, "# "+v.ID+"\n"+cmd)
	}
	return []Block{
		{Table: &Table{Header: header, Right: right, Rows: rows}, Only: "markdown"},
		{Code: strings.Join(code, "\n"), Only: "markdown"},
		{Table: &Table{Header: append(slices.Clone(header), "reproduce"), Right: right, Rows: htmlRows}, Only: "html"},
	}
}

// failureBlocks lists the cases where the closed form fails.
func failureBlocks(vs []*caseView, o Options, configRef string) []Block {
	header := []string{"id", "parameters", "status", "closed form", "min eig C", "min eig C′", "truth ± uncertainty (method)"}
	right := []bool{false, false, false, true, true, true, false}
	var rows, htmlRows [][]Cell
	var code []string
	for _, v := range vs {
		cfFinite := finite(v.ClosedForm)
		if v.Status == compare.StatusOK && !(v.Infinite && cfFinite) {
			continue
		}
		a := v.Analytic
		row := []Cell{{Text: v.ID}, {Text: params(v.Record)}, {Text: statusWords(v.Status)}, {Text: Num(v.ClosedForm)},
			{Text: Num(float64(a.MinEigenvalue))}, {Text: Num(float64(a.MinEigenvalueRest))}, {Text: truthText(v)}}
		rows = append(rows, row)
		cmd := Command(v.Record, o.Config, configRef)
		htmlRows = append(htmlRows, append(slices.Clone(row), Cell{Text: cmd, Code: true}))
		code = append(code, "# "+v.ID+"\n"+cmd)
	}
	if len(rows) == 0 {
		return []Block{Para("None.")}
	}
	return []Block{
		{Table: &Table{Header: header, Right: right, Rows: rows}, Only: "markdown"},
		{Code: strings.Join(code, "\n"), Only: "markdown"},
		{Table: &Table{Header: append(slices.Clone(header), "reproduce"), Right: right, Rows: htmlRows}, Only: "html"},
	}
}
