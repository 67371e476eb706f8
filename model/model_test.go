package model

import (
	"errors"
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
		{"overflow number", `{"patterns":[{"mu":[0,1e999],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns.mu"},
		{"string", `{"patterns":[{"mu":[0,"a"],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, "patterns.mu"},
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
		c.Touched()
		for k := range c.Patterns {
			c.LogMean(k)
			c.LogCov(k)
		}
	})
}
