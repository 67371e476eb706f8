package model

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
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
		got, ok := DecodeLine([]byte(line))
		d := NewDecoder(strings.NewReader(line))
		want, err := d.Next()
		wantOK := err == nil
		if wantOK {
			_, err2 := d.Next()
			wantOK = err2 == io.EOF
		}
		if ok != wantOK {
			t.Errorf("%q: DecodeLine ok = %v, the decoder: %v", line, ok, err)
			continue
		}
		if ok && !reflect.DeepEqual(got, want) {
			t.Errorf("%q: DecodeLine %+v, the decoder %+v", line, got, want)
		}
		if !ok && got != nil {
			t.Errorf("%q: not ok but a case", line)
		}
	}
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
