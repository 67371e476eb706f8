package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
)

// TestDecodeLineAsDecoder: DecodeLine accepts a line exactly when one
// Decoder over it yields one valid case and then the end, and gives the
// same case.
func TestDecodeLineAsDecoder(t *testing.T) {
	one := `{"patterns":[{"mu":[0,0.5],"sigma":[[1,0.25],[0.25,1]]}],"synapses":[[0,1]],"pattern":0}`
	shared := `{"sigma":[[2,1e-3],[1e-3,2]],"patterns":[{"mu":[1,-2]},{"mu":[0,3e-5]}],"synapses":[[1,0]],"pattern":1,"id":"a\u00e9"}`
	pretty, _ := json.MarshalIndent(json.RawMessage(one), "", "  ")
	for _, line := range []string{
		one, one + "\n", "  \r\n" + one + " \t\r\n", shared, shared + "\n",
		string(pretty), one + one, one + " " + shared, "", "\n", " ", one[:len(one)-1], one + "}", one + "x",
		`{"patterns":[{"mu":[0,null],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`,
		`{"patterns":[{"mu":[0,0],"sigma":[[1,2],[2,1]]}],"synapses":[[0,1]],"pattern":0}`,
		`{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]]}`,
		`{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0,"x":1}`,
		`{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0.5}`,
		`{"patterns":[{"mu":[0,1e999],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`,
		`[1, 2]`, `null`, "\x00\x00",
	} {
		if msg := decodeLineAsDecoder([]byte(line)); msg != "" {
			t.Error(msg)
		}
	}
}

// decodeLineAsDecoder compares DecodeLine on line with the streaming
// decoder (ok exactly when the decoder reads one case and then EOF, the
// same case then, and no case when not ok); "" when they agree.
func decodeLineAsDecoder(line []byte) string {
	got, ok := DecodeLine(line)
	d := NewDecoder(bytes.NewReader(line))
	want, err := d.Next()
	wantOK := err == nil
	if wantOK {
		_, err2 := d.Next()
		wantOK = err2 == io.EOF
	}
	switch {
	case ok != wantOK:
		return fmt.Sprintf("%q: DecodeLine ok = %v, the decoder: %v", line, ok, err)
	case ok && !reflect.DeepEqual(got, want):
		return fmt.Sprintf("%q: DecodeLine %+v, the decoder %+v", line, got, want)
	case !ok && got != nil:
		return fmt.Sprintf("%q: not ok but a case", line)
	}
	return ""
}

// TestNewDecoderAt: a decoder over the tail of an input, told where the
// tail starts, gives the errors one decoder over the whole input gives.
func TestNewDecoderAt(t *testing.T) {
	good := `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}` + "\n"
	for _, bad := range []string{`{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0,,}`, "{\n\"patterns\": x}", `{"patterns":[{"mu":[0,null]}]}`} {
		whole := good + good + bad
		_, want := ReadAll(strings.NewReader(whole))
		d := NewDecoderAt(bytes.NewReader([]byte(bad)), int64(2*len(good)), 2)
		_, err := d.Next()
		if want == nil || err == nil || err.Error() != want.Error() {
			t.Errorf("%q: %v, want %v", bad, err, want)
		}
	}
}

// TestDecodeLineMirror: DecodeLine takes a matrix entry below the diagonal
// from its mirror image only when the text is the same; every entry, above
// and below, equals the streaming decoder's bit for bit, whatever the two
// texts (prefixes of each other, other spellings of the same number, other
// numbers, spaces), and ragged or non-square rows.
func TestDecodeLineMirror(t *testing.T) {
	r := rng.New(3)
	spell := func(v float64) string {
		switch r.IntN(6) {
		case 0:
			return strconv.FormatFloat(v, 'e', -1, 64)
		case 1:
			return strconv.FormatFloat(v, 'f', r.IntN(6), 64)
		case 2:
			return strconv.FormatFloat(v, 'g', -1, 64) + "0" // a longer text, maybe the same number
		case 3:
			return " " + strconv.FormatFloat(v, 'g', -1, 64) + " "
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	for trial := 0; trial < 3000; trial++ {
		w := 1 + r.IntN(5)
		var b strings.Builder
		b.WriteString(`{"patterns":[{"mu":[`)
		for i := range w {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("0")
		}
		b.WriteString(`],"sigma":[`)
		vals := make([][]float64, w)
		for i := range vals {
			vals[i] = make([]float64, w)
			for j := range vals[i] {
				if j < i && r.IntN(3) > 0 {
					vals[i][j] = vals[j][i] // symmetric, often
				} else {
					vals[i][j] = float64(r.IntN(2000)-1000) / float64(1+r.IntN(64))
				}
			}
		}
		for i := range w {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('[')
			cols := w
			if r.IntN(20) == 0 {
				cols = r.IntN(w + 2) // ragged
			}
			for j := range cols {
				if j > 0 {
					b.WriteByte(',')
				}
				v := 0.5
				if j < w {
					v = vals[i][j]
				}
				b.WriteString(spell(v))
			}
			b.WriteByte(']')
		}
		b.WriteString(`]}],"synapses":[[0,1]],"pattern":0}`)
		line := b.String()
		d := &Decoder{buf: []byte(line), end: len(line), eof: true, stable: true}
		got, gotErr := parseOrError(d)
		want, wantErr := parseOrError(NewDecoder(strings.NewReader(line)))
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("%s: mirrored %v, streaming %v", line, gotErr, wantErr)
		}
		if gotErr == nil && !reflect.DeepEqual(got.Patterns[0].Sigma, want.Patterns[0].Sigma) {
			t.Fatalf("%s: mirrored %v, streaming %v", line, got.Patterns[0].Sigma, want.Patterns[0].Sigma)
		}
	}
}

// parseOrError parses one case (not validated) with d.
func parseOrError(d *Decoder) (c *Case, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, r.(*decodeError)
		}
	}()
	return d.parseCase(), nil
}

// FuzzDecodeLine: on any bytes, DecodeLine accepts exactly what one
// streaming Decoder reads as one valid case and then the end, and gives
// the same case (the mirrored matrix entries included).
func FuzzDecodeLine(f *testing.F) {
	for _, s := range []string{
		`{"patterns":[{"mu":[0,0.5],"sigma":[[1,0.25],[0.25,1]]}],"synapses":[[0,1]],"pattern":0}`,
		`{"sigma":[[2,1e-3],[1e-3,2]],"patterns":[{"mu":[1,-2]},{"mu":[0,3e-5]}],"synapses":[[1,0]],"pattern":1}`,
		`{"patterns":[{"mu":[0,0],"sigma":[[1,0.2],[0.25,1]]}],"synapses":[[0,1]],"pattern":0}`,
		`{"patterns":[{"mu":[0,0],"sigma":[[1,2],[2,1]]}],"synapses":[[0,1]],"pattern":0}` + "\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		if msg := decodeLineAsDecoder(line); msg != "" {
			t.Fatal(msg)
		}
	})
}

// TestLineDecoderReuse: one LineDecoder over lines of changing shapes
// (growing, shrinking, invalid in between) gives each time the case
// DecodeLine gives.
func TestLineDecoderReuse(t *testing.T) {
	r := rng.New(8)
	var ld LineDecoder
	for trial := 0; trial < 300; trial++ {
		var line []byte
		switch r.IntN(8) {
		case 0:
			line = []byte(`{"patterns":[{"mu":[0,null]}],"synapses":[[0,1]],"pattern":0}`)
		case 1:
			line = paperScaleJSON(1)
		default:
			n, k := 2+r.IntN(6), 1+r.IntN(5)
			c := Case{Pattern: r.IntN(k)}
			for range k {
				p := Pattern{Mu: make([]float64, n), Sigma: make([][]float64, n)}
				for i := range p.Sigma {
					p.Mu[i] = r.NormFloat64()
					p.Sigma[i] = make([]float64, n)
					p.Sigma[i][i] = 1 + r.Float64()
				}
				c.Patterns = append(c.Patterns, p)
			}
			c.Synapses = []Synapse{{0, 1}}
			line, _ = json.Marshal(c)
		}
		want, wantOK := DecodeLine(line)
		got, ok := ld.Decode(line)
		if ok != wantOK || !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: %v %+v, DecodeLine %v %+v", trial, ok, got, wantOK, want)
		}
	}
}

// TestSameText: sameText is bytes.Equal for every length up to 40 and a
// difference at every position.
func TestSameText(t *testing.T) {
	for n := 0; n <= 40; n++ {
		x := make([]byte, n)
		for i := range x {
			x[i] = byte('0' + i%10)
		}
		if !sameText(x, append([]byte(nil), x...)) {
			t.Errorf("length %d: equal texts differ", n)
		}
		for i := 0; i < n; i++ {
			y := append([]byte(nil), x...)
			y[i] ^= 1
			if sameText(x, y) {
				t.Errorf("length %d: a difference at %d not seen", n, i)
			}
		}
	}
}
