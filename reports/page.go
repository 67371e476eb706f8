package reports

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
)

// A Page is a report as a list of blocks: headings, paragraphs, lists,
// tables, figures and code. RenderMarkdown and RenderHTML turn one Page into
// report.md and a self-contained index.html by templates, so both say the
// same. Every string of a Page is plain text: the renderers escape it for
// their format (Markdown punctuation, table pipes, HTML), so names taken from
// the input (group names, ids, file names) cannot change the page's markup.
type Page struct {
	// Title heads the page.
	Title string
	// Banner, when set, is shown under the title, highlighted (a quick or
	// reduced run, for example).
	Banner string
	// Blocks are the page's content, in order.
	Blocks []Block
}

// Block is one element of a Page; exactly one of its content fields is set.
type Block struct {
	// Heading is a section heading of the given Level (2 or 3; 0 means 2).
	Heading string
	Level   int
	// Para is a paragraph of spans.
	Para []Span
	// List is a bulleted list, one item of spans per entry.
	List [][]Span
	// Table is a table.
	Table *Table
	// Figure is a figure (inline SVG in HTML, the SVG file in Markdown).
	Figure *Figure
	// Code is a block of shell commands.
	Code string
	// Box groups blocks (in HTML, one box styled by Class).
	Box []Block
	// Class styles the block in HTML: "answer" (the lead summary) or
	// "note" (a highlighted remark). Markdown ignores it.
	Class string
	// Only restricts the block to one format: "markdown" or "html".
	Only string
}

// Span is a run of text in a paragraph or list item or table cell.
type Span struct {
	Text string
	// Code sets the text in a fixed-width font; Bold in bold.
	Code, Bold bool
	// Href makes the span a link (a relative file name).
	Href string
}

// Table is a table with a header row.
type Table struct {
	Header []string
	// Right aligns the columns marked true to the right (numbers).
	Right []bool
	Rows  [][]Cell
}

// Cell is one table cell.
type Cell struct {
	// Lead, when set, is shown in bold before Text (a verdict before its
	// numbers).
	Lead string
	Text string
	// Code sets the cell in a fixed-width font.
	Code bool
	// Class colours the cell in HTML: "good", "bad" or "warn".
	Class string
}

// Text returns a plain span.
func Text(format string, args ...any) Span { return Span{Text: fmt.Sprintf(format, args...)} }

// Para returns a paragraph block of plain text.
func Para(format string, args ...any) Block { return Block{Para: []Span{Text(format, args...)}} }

// Heading returns a level-2 heading block.
func Heading(s string) Block { return Block{Heading: s, Level: 2} }

// Subheading returns a level-3 heading block.
func Subheading(s string) Block { return Block{Heading: s, Level: 3} }

// C returns a plain cell.
func C(format string, args ...any) Cell { return Cell{Text: fmt.Sprintf(format, args...)} }

// mdEscape escapes s for Markdown text: backslash, backtick, asterisk,
// tildes, hashes and (where they could form a link) brackets are
// backslash-escaped; angle brackets become entities (no renderer can take
// them for HTML), and so does an ampersand that would start an entity; an
// underscore is escaped where it could open or close emphasis
// (at a word boundary). Newlines become spaces. Table cells also escape
// pipes (mdCell).
func mdEscape(s string) string {
	var b strings.Builder
	// Brackets only make links next to "(" or "[" or ":" (no reference
	// definitions are ever written): escape them only then.
	links := strings.Contains(s, "](") || strings.Contains(s, "][") || strings.Contains(s, "]:")
	rs := []rune(s)
	isWord := func(i int) bool {
		if i < 0 || i >= len(rs) {
			return false
		}
		r := rs[i]
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 127
	}
	for i, r := range rs {
		switch r {
		case '\\', '`', '*', '#', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '[', ']':
			if links {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '&':
			if entityAt(rs, i) {
				b.WriteString("&amp;")
			} else {
				b.WriteRune(r)
			}
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '_':
			if !isWord(i-1) || !isWord(i+1) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// entityAt reports whether rs[i] = '&' starts an HTML entity or character
// reference (&name; or &#123;), which Markdown would decode.
func entityAt(rs []rune, i int) bool {
	j := i + 1
	for j < len(rs) && (rs[j] == '#' || rs[j] >= 'a' && rs[j] <= 'z' || rs[j] >= 'A' && rs[j] <= 'Z' || rs[j] >= '0' && rs[j] <= '9') {
		j++
	}
	return j > i+1 && j < len(rs) && rs[j] == ';'
}

// mdCode sets s as an inline code span: a backtick fence longer than any
// run of backticks in s; pipes escaped (GitHub tables need that even inside
// code).
func mdCode(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", `\|`)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// mdSpans renders spans as Markdown.
func mdSpans(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		switch {
		case s.Code:
			b.WriteString(mdCode(s.Text))
		case s.Href != "":
			b.WriteString("[" + mdEscape(s.Text) + "](" + mdURL(s.Href) + ")")
		case s.Bold:
			b.WriteString("**" + mdEscape(s.Text) + "**")
		default:
			b.WriteString(mdEscape(s.Text))
		}
	}
	return b.String()
}

// mdURL escapes a relative link target (spaces and parentheses).
func mdURL(s string) string {
	r := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E")
	return r.Replace(s)
}

// mdCell renders a table cell: pipes are escaped too.
func mdCell(c Cell) string {
	if c.Code {
		return mdCode(c.Text)
	}
	s := strings.ReplaceAll(mdEscape(c.Text), "|", `\|`)
	if c.Lead != "" {
		s = "**" + strings.ReplaceAll(mdEscape(c.Lead), "|", `\|`) + "** " + s
	}
	return s
}

// mdTable renders a table as a GitHub-flavoured Markdown table.
func mdTable(t *Table) string {
	var b strings.Builder
	b.WriteString("|")
	for _, h := range t.Header {
		b.WriteString(" " + mdCell(Cell{Text: h}) + " |")
	}
	b.WriteString("\n|")
	for i := range t.Header {
		if i < len(t.Right) && t.Right[i] {
			b.WriteString("--:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, row := range t.Rows {
		b.WriteString("|")
		for _, c := range row {
			b.WriteString(" " + mdCell(c) + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// htmlRight reports whether column i is right-aligned.
func htmlRight(t *Table, i int) bool { return i < len(t.Right) && t.Right[i] }

// cellClass returns the HTML class attribute value of cell j of a table.
func cellClass(t *Table, j int, c Cell) string {
	var cl []string
	if htmlRight(t, j) {
		cl = append(cl, "n")
	}
	switch c.Class {
	case "good", "bad", "warn":
		cl = append(cl, c.Class)
	}
	return strings.Join(cl, " ")
}

var pageFuncs = template.FuncMap{
	"mdspans":   mdSpans,
	"mdescape":  mdEscape,
	"mdtable":   mdTable,
	"mdurl":     mdURL,
	"cellclass": cellClass,
	"hashes":    func(level int) string { return strings.Repeat("#", max(level, 2)) },
	"hlevel":    func(level int) int { return max(level, 2) },
}

// RenderMarkdown renders the page as Markdown (report.md).
func RenderMarkdown(p *Page) ([]byte, error) {
	var b bytes.Buffer
	if err := pageMarkdown.Execute(&b, p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// RenderHTML renders the page as a self-contained HTML document
// (index.html): inline CSS, figures as inline SVG, no script, no URL.
func RenderHTML(p *Page) ([]byte, error) {
	var b bytes.Buffer
	if err := pageHTML.Execute(&b, p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WritePage writes the page to dir as report.md and index.html and its
// figures as SVG and PNG files (named by each figure's SVGFile and PNGFile).
func WritePage(dir string, p *Page) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, b := range p.Blocks {
		if f := b.Figure; f != nil {
			if err := f.WriteFiles(dir); err != nil {
				return err
			}
		}
	}
	md, err := RenderMarkdown(p)
	if err != nil {
		return err
	}
	html, err := RenderHTML(p)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, MarkdownFile), md, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, HTMLFile), html, 0o644)
}
