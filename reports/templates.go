package reports

import (
	"embed"
	htmltemplate "html/template"
	texttemplate "text/template"
)

//go:embed templates/report.md.tmpl templates/index.html.tmpl
var templateFS embed.FS

var (
	mdTemplate   = texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/report.md.tmpl"))
	htmlTemplate = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/index.html.tmpl"))
)
