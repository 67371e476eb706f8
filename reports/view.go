package reports

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/sweep"
)

// DefaultTolerance is the tolerance (nats) an error must exceed, besides
// compare.RealSigmas uncertainties of the truth, to be called real when the record does
// not state the truth's own tolerance.
const DefaultTolerance = 0.01

// Accuracy criterion of the report's lead summary: the closed form is
// "within tolerance" of the truth when |I_FW − I| ≤ max(AccuracyRel·|I|,
// AccuracyAbs).
const (
	AccuracyRel = 0.05
	AccuracyAbs = 0.01
)

// caseView is one record as the report reads it. It is read from the
// result's JSON so that the report understands both the current field
// names (truth.method, truth.uncertainty, truth.tolerance, error.signed,
// error.abs = |error|, error.real) and the earlier ones (truth.source,
// truth.se as the uncertainty, error.abs signed, error.z): a sweep file
// written by an older build still gives a correct report.
type caseView struct {
	*sweep.Record
	Status     string
	ClosedForm float64
	// Truth is the truth's value (NaN when unknown or infinite); Method
	// how it was obtained; Unc its uncertainty (the standard error when
	// the record states no uncertainty); Tol the tolerance of "real".
	Truth, Unc, Tol float64
	Infinite        bool
	Method          string
	// Compared: the closed form and the truth are both finite, and
	// Signed = I_FW − I, Abs = |Signed|, Rel = Signed/|I| exist.
	Compared         bool
	Signed, Abs, Rel float64
	// Real: |error| > max(Tol, compare.RealSigmas·Unc) (the record's
	// error.real when stated).
	Real bool
	// Exact is the exact reference (NaN when absent), ExactErr its error
	// estimate; ED and KSG are the estimates with their standard errors.
	Exact, ExactErr, ED, EDSE, KSG, KSGSE float64
	ExactStatus                           string
	// EDTruth and EDUnc are the truth the entropy-difference estimate
	// states by itself (compare.SampledTruth: drift over its nested
	// subsamples, cross-check) and its uncertainty; NaN when the record
	// carries no nested estimates. Where an exact reference exists they
	// are not the case's truth, but are checked against it.
	EDTruth, EDUnc float64
	// Approx holds the approximations the record carries ("approximations",
	// keyed by name: fw, corrected1, corrected2), each against the truth;
	// nil when it carries none.
	Approx map[string]*approxView
}

// resultJSON is the union of the result fields of every schema.
type resultJSON struct {
	Analytic struct {
		Status string    `json:"status"`
		MINats num.Float `json:"mi_nats"`
	} `json:"analytic"`
	Exact *struct {
		MINats        num.Float `json:"mi_nats"`
		ErrorEstimate num.Float `json:"error_estimate"`
		Status        string    `json:"status"`
	} `json:"exact"`
	EntropyDiff *compare.Estimate `json:"entropy_diff"`
	KSG         *estimateJSON     `json:"ksg"`
	Truth       struct {
		Source      string     `json:"source"`
		Method      string     `json:"method"`
		MINats      num.Float  `json:"mi_nats"`
		SE          num.Float  `json:"se"`
		Uncertainty *num.Float `json:"uncertainty"`
		Tolerance   *num.Float `json:"tolerance"`
		Infinite    bool       `json:"infinite"`
	} `json:"truth"`
	Error *struct {
		Signed *num.Float `json:"signed"`
		Abs    num.Float  `json:"abs"`
		Rel    num.Float  `json:"rel"`
		Real   *bool      `json:"real"`
	} `json:"error"`
	Approximations map[string]*struct {
		MINats num.Float `json:"mi_nats"`
		Status string    `json:"status"`
		Error  *struct {
			Signed num.Float `json:"signed"`
			Rel    num.Float `json:"rel"`
			Real   bool      `json:"real"`
		} `json:"error"`
	} `json:"approximations"`
}

type estimateJSON struct {
	MINats num.Float `json:"mi_nats"`
	SE     num.Float `json:"se"`
}

// view reads a record's result.
func view(r *sweep.Record) (*caseView, error) {
	b, err := json.Marshal(r.Result)
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", r.ID, err)
	}
	return viewJSON(r, b)
}

// viewJSON reads the result JSON b of record r.
func viewJSON(r *sweep.Record, b []byte) (*caseView, error) {
	var j resultJSON
	nan := num.Float(math.NaN())
	j.Analytic.MINats, j.Truth.MINats, j.Truth.SE = nan, nan, nan
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("record %s: %w", r.ID, err)
	}
	v := &caseView{Record: r, Status: j.Analytic.Status, ClosedForm: float64(j.Analytic.MINats),
		Truth: float64(j.Truth.MINats), Unc: float64(j.Truth.SE), Tol: DefaultTolerance,
		Method: j.Truth.Method, Infinite: j.Truth.Infinite,
		Signed: math.NaN(), Abs: math.NaN(), Rel: math.NaN(),
		Exact: math.NaN(), ExactErr: math.NaN(), ED: math.NaN(), EDSE: math.NaN(), KSG: math.NaN(), KSGSE: math.NaN(),
		EDTruth: math.NaN(), EDUnc: math.NaN()}
	if v.Method == "" {
		v.Method = j.Truth.Source
	}
	if u := j.Truth.Uncertainty; u != nil && !math.IsNaN(float64(*u)) {
		v.Unc = float64(*u)
	}
	if t := j.Truth.Tolerance; t != nil && t.Valid() && *t > 0 {
		v.Tol = float64(*t)
	}
	if v.Infinite {
		v.Truth = math.NaN()
	}
	if e := j.Error; e != nil {
		signed := e.Abs // the earlier schema: abs is I_FW − I
		if e.Signed != nil {
			signed = *e.Signed
		}
		if signed.Valid() {
			v.Compared = true
			v.Signed, v.Abs, v.Rel = float64(signed), math.Abs(float64(signed)), float64(e.Rel)
			if e.Real != nil {
				v.Real = *e.Real
			} else {
				v.Real = v.Abs > math.Max(v.Tol, compare.RealSigmas*unc0(v.Unc))
			}
		}
	}
	for name, a := range j.Approximations {
		if a == nil {
			continue
		}
		if v.Approx == nil {
			v.Approx = map[string]*approxView{}
		}
		av := &approxView{MINats: float64(a.MINats), Status: a.Status, Signed: math.NaN(), Abs: math.NaN(), Rel: math.NaN()}
		if e := a.Error; e != nil && e.Signed.Valid() {
			av.Compared, av.Signed, av.Abs, av.Rel, av.Real = true, float64(e.Signed), math.Abs(float64(e.Signed)), float64(e.Rel), e.Real
		}
		v.Approx[name] = av
	}
	if x := j.Exact; x != nil {
		v.Exact, v.ExactErr, v.ExactStatus = float64(x.MINats), float64(x.ErrorEstimate), x.Status
	}
	if x := j.EntropyDiff; x != nil {
		v.ED, v.EDSE = float64(x.MINats), float64(x.SE)
		if len(x.Nested) >= compare.NestedLevels && r.Params.Synapses > 0 {
			t := compare.SampledTruth(x, r.Params.Synapses)
			v.EDTruth, v.EDUnc = float64(t.MINats), float64(t.Uncertainty)
		}
	}
	if x := j.KSG; x != nil {
		v.KSG, v.KSGSE = float64(x.MINats), float64(x.SE)
	}
	return v, nil
}

// unc0 is an uncertainty with NaN read as 0.
func unc0(u float64) float64 {
	if math.IsNaN(u) || u < 0 {
		return 0
	}
	return u
}

// Within reports whether the closed form is within the accuracy criterion
// of the truth: |I_FW − I| ≤ max(AccuracyRel·|I|, AccuracyAbs).
func (v *caseView) Within() bool {
	return v.Compared && v.Abs <= accuracyTol(v.Truth)
}

// accuracyTol is the accuracy criterion's tolerance at a truth I.
func accuracyTol(truth float64) float64 {
	return math.Max(AccuracyRel*math.Abs(truth), AccuracyAbs)
}

// views reads every record.
func views(recs []*sweep.Record) ([]*caseView, error) {
	out := make([]*caseView, len(recs))
	for i, r := range recs {
		v, err := view(r)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
