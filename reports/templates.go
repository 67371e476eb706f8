package reports

import (
	"embed"
	htmltemplate "html/template"
	texttemplate "text/template"
)

//go:embed templates/page.md.tmpl templates/page.html.tmpl
var templateFS embed.FS

var (
	pageMarkdown = texttemplate.Must(texttemplate.New("page.md.tmpl").Funcs(texttemplate.FuncMap(pageFuncs)).ParseFS(templateFS, "templates/page.md.tmpl"))
	pageHTML     = htmltemplate.Must(htmltemplate.New("page.html.tmpl").Funcs(pageFuncs).ParseFS(templateFS, "templates/page.html.tmpl"))
)
