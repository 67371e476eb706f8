package jsonc

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestStrip(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"a": 1} // c`, `{"a": 1}     `},
		{"{\"a\": 1, // c\n\"b\": 2}", "{\"a\": 1,     \n\"b\": 2}"},
		{`{"u": "http://x", /* c */ "v": "/* no */"}`, `{"u": "http://x",         "v": "/* no */"}`},
		{"/* a\nb */{}", "    \n    {}"},
		{`{"q": "a\"//b"}`, `{"q": "a\"//b"}`},
	} {
		got, err := Strip([]byte(c.in))
		if err != nil || string(got) != c.want {
			t.Errorf("Strip(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
		if len(got) != len(c.in) {
			t.Errorf("Strip(%q) moved bytes", c.in)
		}
	}
	if _, err := Strip([]byte("{\n  /* open")); err == nil || err.Error() != "line 2, column 3: unterminated /* comment" {
		t.Errorf("unterminated: %v", err)
	}
}

func TestDecode(t *testing.T) {
	type cfg struct {
		Seed    int    `json:"seed"`
		Name    string `json:"name"`
		Samples []int  `json:"samples"`
	}
	var v cfg
	in := "{\n  \"seed\": 1, // every draw\n  /* the name */ \"name\": \"a//b\",\n  \"samples\": [1, 2]\n}\n"
	if err := Decode([]byte(in), &v); err != nil || v.Seed != 1 || v.Name != "a//b" || len(v.Samples) != 2 {
		t.Fatalf("Decode: %+v, %v", v, err)
	}
	for _, c := range []struct{ in, want string }{
		{"{\n  \"seed\": 1,\n  \"name\": x\n}", "line 3, column 11: invalid character 'x'"},
		{"{\n  \"seed\": \"one\"\n}", "line 2, column 16: json: cannot unmarshal string into Go struct field cfg.seed of type int"},
		{"{\n  \"sede\": 1\n}", "line 2, column 3: json: unknown field \"sede\""},
		{"{\"seed\": 1}\n{}", "line 2, column 1: data after the end"},
		{"{\"seed\": 1,\n", "line 2, column 1: unexpected EOF"},
		{"{\"seed\": 2, \"sede\": 2}", "line 1, column 13: json: unknown field"},
	} {
		var v cfg
		err := Decode([]byte(c.in), &v)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Decode(%q): %v, want %q", c.in, err, c.want)
		}
	}
}

// FuzzStrip checks that stripping never changes valid comment-free JSON,
// keeps lengths and newlines, and never panics.
func FuzzStrip(f *testing.F) {
	f.Add([]byte(`{"a": "//", "b": [1, 2]} // x`))
	f.Add([]byte("/* */ {\"a\\\"\": 1}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := Strip(b)
		if err != nil {
			return
		}
		if len(out) != len(b) || strings.Count(string(out), "\n") != strings.Count(string(b), "\n") {
			t.Fatal("Strip moved bytes")
		}
		if json.Valid(b) && string(out) != string(b) {
			var x any
			if json.Unmarshal(out, &x) != nil {
				t.Fatalf("Strip broke valid JSON %q -> %q", b, out)
			}
		}
	})
}
