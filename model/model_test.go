package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

const good = `{"patterns":[{"mu":[0,0,0],"sigma":[[1,0,0],[0,1,0],[0,0,1]]},{"mu":[1,0,0],"sigma":[[1,0.5,0],[0.5,1,0],[0,0,1]]}],"synapses":[[0,1],[2,1]],"pattern":1}`

func TestParseGood(t *testing.T) {
	c, err := Parse([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if c.N() != 3 || c.K() != 2 || c.Len() != 2 || c.Pattern != 1 {
		t.Fatalf("N=%d K=%d n=%d m=%d", c.N(), c.K(), c.Len(), c.Pattern)
	}
	if got := c.Touched(); len(got) != 3 || got[0] != 0 || got[2] != 2 {
		t.Errorf("Touched = %v", got)
	}
	// V_1[0,1] for synapses (0,1),(2,1): Σ00... = s01 + s01' : s[0][2]+s[0][1]+s[1][2]+s[1][1] = 0+0.5+0+1.
	if v := c.LogCovAt(1, 0, 1); v != 1.5 {
		t.Errorf("LogCovAt = %v, want 1.5", v)
	}
	if m := c.LogMean(1); m[0] != 1 || m[1] != 0 {
		t.Errorf("LogMean = %v", m)
	}
	if c.SharedSigma() {
		t.Error("SharedSigma true for different Sigmas")
	}
}

func TestRejects(t *testing.T) {
	tests := []struct {
		name, in, field string
	}{
		{"no patterns", `{"patterns":[],"synapses":[[0,1]],"pattern":0}`, "patterns:"},
		{"empty mu", `{"patterns":[{"mu":[],"sigma":[]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].mu:"},
		{"ragged", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].sigma[1]:"},
		{"rows", `{"patterns":[{"mu":[0,0],"sigma":[[1,0]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].sigma:"},
		{"asymmetric", `{"patterns":[{"mu":[0,0],"sigma":[[1,0.2],[0.1,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].sigma[0][1]:"},
		{"not psd", `{"patterns":[{"mu":[0,0],"sigma":[[1,2],[2,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].sigma:"},
		{"negative variance", `{"patterns":[{"mu":[0,0],"sigma":[[-1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].sigma[0][0]:"},
		{"mu length", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]},{"mu":[0],"sigma":[[1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[1].mu:"},
		{"overflow number", `{"patterns":[{"mu":[0,1e999],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].mu[1]:"},
		{"string", `{"patterns":[{"mu":[0,"a"],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].mu[1]: got a string"},
		{"null mu entry", `{"patterns":[{"mu":[0,null],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].mu[1]: got null"},
		{"null mu", `{"patterns":[{"mu":null,"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].mu: got null"},
		{"null sigma entry", `{"patterns":[{"mu":[0,0],"sigma":[[1,null],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].sigma[0][1]: got null"},
		{"null sigma row", `{"patterns":[{"mu":[0,0],"sigma":[null,[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].sigma[0]: got null"},
		{"null sigma", `{"patterns":[{"mu":[0,0],"sigma":null}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].sigma: got null"},
		{"null top sigma", `{"sigma":null,"patterns":[{"mu":[0,0]}],"synapses":[[0,1]],"pattern":0}`, "sigma: got null"},
		{"null synapse index", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,null]],"pattern":0}`, "synapses[0][1]: got null"},
		{"null synapse", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[null],"pattern":0}`, "synapses[0]: got null"},
		{"null synapses", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":null,"pattern":0}`, "synapses: got null"},
		{"null pattern", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":null}`, "pattern: got null"},
		{"nan mu entry", `{"patterns":[{"mu":[nan,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, `patterns[0].mu[0]: invalid JSON: got "nan", want a number`},
		{"NaN sigma entry", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,Infinity]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].sigma[1][1]"},
		{"nul synapses", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":nul,"pattern":0}`, `synapses: invalid JSON: got "nul"`},
		{"fals pattern", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":fals}`, `pattern: invalid JSON: got "fals"`},
		{"true pattern", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":true}`, "pattern: got a boolean"},
		{"null patterns", `{"patterns":null,"synapses":[[0,1]],"pattern":0}`, "patterns: got null"},
		{"missing pattern", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]]}`, "pattern: missing"},
		{"missing synapses", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"pattern":0}`, "synapses: missing"},
		{"missing mu", `{"patterns":[{"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].mu: missing"},
		{"missing sigma", `{"patterns":[{"mu":[0,0]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].sigma: missing"},
		{"fraction index", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1.5]],"pattern":0}`, "synapses[0][1]: 1.5 is not an integer"},
		{"exponent pattern", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":1e0}`, "pattern: 1e0 is not an integer"},
		{"huge index", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,99999999999999999999999]],"pattern":0}`, "synapses[0][1]: "},
		{"duplicate key", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0,"pattern":0}`, "pattern: given twice"},
		{"boolean", `{"patterns":[{"mu":[0,true],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns[0].mu[1]: got a boolean"},
		{"bad number", `{"patterns":[{"mu":[0,01],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "invalid JSON"},
		{"hex number", `{"patterns":[{"mu":[0,0x10],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "invalid JSON"},
		{"nan word", `{"patterns":[{"mu":[0,NaN],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "invalid JSON"},
		{"trailing comma", `{"patterns":[{"mu":[0,0,],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "invalid JSON"},
		{"not an object", `[1,2]`, "case: got an array, want an object"},
		{"unknown pattern field", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]],"s":1}],"synapses":[[0,1]],"pattern":0}`, `"s"`},
		{"self", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[1,1]],"pattern":0}`, "synapses[0]:"},
		{"out of range", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,2]],"pattern":0}`, "synapses[0][1]:"},
		{"negative index", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[-1,0]],"pattern":0}`, "synapses[0][0]:"},
		{"triple", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1,1]],"pattern":0}`, "synapses[0]:"},
		{"duplicate", `{"patterns":[{"mu":[0,0,0],"sigma":[[1,0,0],[0,1,0],[0,0,1]]}],"synapses":[[0,1],[1,2],[1,0]],"pattern":0}`, "synapses[2]:"},
		{"no synapses", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[],"pattern":0}`, "synapses:"},
		{"pattern", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":1}`, "pattern:"},
		{"unknown field", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapse":[[0,1]],"pattern":0}`, `"synapse"`},
		{"syntax", `{"patterns":[}`, "invalid JSON"},
		{"truncated", `{"patterns":[{"mu":[0,0]`, "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.field) || strings.Contains(msg, "\n") {
				t.Errorf("error %q does not name %q on one line", msg, tt.field)
			}
		})
	}
}

// TestTopLevelSigma: patterns without a sigma share the top-level one; a
// pattern's own sigma wins; the old form (a sigma in every pattern) is the
// same case.
func TestTopLevelSigma(t *testing.T) {
	top := `{"sigma":[[1,0.5,0],[0.5,1,0],[0,0,1]],"patterns":[{"mu":[0,0,0]},{"mu":[1,0,0],"sigma":[[2,0,0],[0,2,0],[0,0,2]]},{"mu":[0,1,0]}],"synapses":[[0,1],[2,1]],"pattern":1}`
	c, err := Parse([]byte(top))
	if err != nil {
		t.Fatal(err)
	}
	if c.Patterns[0].Sigma[0][1] != 0.5 || c.Patterns[1].Sigma[0][0] != 2 || c.Patterns[2].Sigma[0][1] != 0.5 {
		t.Errorf("inheritance: %v", c.Patterns)
	}
	if &c.Patterns[0].Sigma[0] != &c.Patterns[2].Sigma[0] {
		t.Error("inheriting patterns do not share the matrix")
	}
	if c.SharedSigma() {
		t.Error("SharedSigma with one pattern's own sigma")
	}
	shared, err := Parse([]byte(`{"sigma":[[1,0],[0,1]],"patterns":[{"mu":[0,0]},{"mu":[1,0]}],"synapses":[[0,1]],"pattern":0}`))
	if err != nil || !shared.SharedSigma() {
		t.Fatalf("shared: %v %v", err, shared)
	}
	old, err := Parse([]byte(`{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]},{"mu":[1,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`))
	if err != nil {
		t.Fatal(err)
	}
	for k := range old.Patterns {
		if !sameMatrix(old.Patterns[k].Sigma, shared.Patterns[k].Sigma) {
			t.Errorf("pattern %d: %v vs %v", k, old.Patterns[k].Sigma, shared.Patterns[k].Sigma)
		}
	}
	// A bad top-level sigma is reported through the first pattern using it.
	_, err = Parse([]byte(`{"sigma":[[1,2],[2,1]],"patterns":[{"mu":[0,0]}],"synapses":[[0,1]],"pattern":0}`))
	if err == nil || !strings.Contains(err.Error(), "patterns[0].sigma:") {
		t.Errorf("non-PSD top-level sigma: %v", err)
	}
}

// TestStreaming: cases split across many small reads, strings with escapes
// and numbers cut at every position decode as from one buffer.
func TestStreaming(t *testing.T) {
	in := strings.Replace(good, `{"patterns"`, `{"id":"a\"b\u00e9","patterns"`, 1)
	in = in + "\n\n  " + good + "\r\n"
	for _, chunk := range []int{1, 2, 3, 7, 64} {
		d := NewDecoder(&chunked{s: in, n: chunk})
		c1, err := d.Next()
		if err != nil {
			t.Fatalf("chunk %d: %v", chunk, err)
		}
		if c1.ID != "a\"bé" || c1.Patterns[1].Sigma[0][1] != 0.5 {
			t.Errorf("chunk %d: id %q sigma %v", chunk, c1.ID, c1.Patterns[1].Sigma)
		}
		if _, err := d.Next(); err != nil {
			t.Fatalf("chunk %d, second case: %v", chunk, err)
		}
		if _, err := d.Next(); err != io.EOF {
			t.Fatalf("chunk %d: after the last case %v", chunk, err)
		}
	}
}

type chunked struct {
	s string
	n int
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.s) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.n)], c.s)
	c.s = c.s[n:]
	return n, nil
}

func TestValidateNaN(t *testing.T) {
	c, _ := Parse([]byte(good))
	c.Patterns[1].Sigma[2][2] = nan()
	var fe *FieldError
	if err := c.Validate(); !errors.As(err, &fe) || fe.Field != "patterns[1].sigma[2][2]" {
		t.Errorf("NaN: %v", err)
	}
}

func nan() float64 { var z float64; return z / z }

func TestReadAllJSONLines(t *testing.T) {
	cs, err := ReadAll(strings.NewReader(good + "\n" + good + "\n"))
	if err != nil || len(cs) != 2 {
		t.Fatalf("%d cases, %v", len(cs), err)
	}
	_, err = ReadAll(strings.NewReader(good + "\n" + strings.Replace(good, `"pattern":1`, `"pattern":7`, 1)))
	if err == nil || !strings.HasPrefix(err.Error(), "case 2: pattern:") {
		t.Errorf("second case error = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte(`{"id":"x\\u0041","sigma":[[1,0],[0,1]],"patterns":[{"mu":[0,-1.5e-3]},{"mu":[2E+1,0]}],"synapses":[[1,0]],"pattern":1}`))
	f.Add([]byte(`{"patterns":[{"mu":[0,null],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`))
	f.Add([]byte(`{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`))
	f.Add([]byte(`{"patterns":[{"mu":[0],"sigma":[[1]]}],"synapses":[[0,0]],"pattern":-1}`))
	f.Add([]byte(`[1,2]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error %q", err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Errorf("Parse accepted a case Validate rejects: %v", err)
		}
		// Differential: what the streaming decoder accepts, encoding/json
		// reads as the same case (once inherited sigmas are filled in).
		var ref Case
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ref); err != nil {
			t.Fatalf("accepted, but encoding/json says %v", err)
		}
		if err := ref.Validate(); err != nil {
			t.Fatalf("accepted, but encoding/json's case is invalid: %v", err)
		}
		if !reflect.DeepEqual(c, &ref) {
			t.Fatalf("decoders differ:\n%+v\n%+v", c, &ref)
		}
		c.Touched()
		for k := range c.Patterns {
			c.LogMean(k)
			c.LogCov(k)
		}
	})
}

// TestMarshalRoundTrip: a marshalled case reads back as the same case; one
// Sigma shared by all patterns is written once, at the top level.
func TestMarshalRoundTrip(t *testing.T) {
	shared, err := Parse([]byte(`{"patterns":[{"mu":[0,0,0],"sigma":[[1,0.5,0],[0.5,1,0],[0,0,1]]},{"mu":[1,0,0],"sigma":[[1,0.5,0],[0.5,1,0],[0,0,1]]},{"mu":[0,2,0],"sigma":[[1,0.5,0],[0.5,1,0],[0,0,1]]}],"synapses":[[0,1],[2,1]],"pattern":1,"id":"s"}`))
	if err != nil {
		t.Fatal(err)
	}
	own, err := Parse([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*Case{shared, own} {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if back.ID != c.ID || back.Pattern != c.Pattern || !reflect.DeepEqual(back.Synapses, c.Synapses) || back.K() != c.K() {
			t.Errorf("round trip %s", b)
		}
		for k := range c.Patterns {
			if !reflect.DeepEqual(back.Patterns[k].Mu, c.Patterns[k].Mu) || !sameMatrix(back.Patterns[k].Sigma, c.Patterns[k].Sigma) {
				t.Errorf("pattern %d differs after %s", k, b)
			}
		}
		if n := strings.Count(string(b), `"sigma"`); c == shared && n != 1 || c == own && n != c.K() {
			t.Errorf("%d sigmas written: %s", n, b)
		}
	}
}
