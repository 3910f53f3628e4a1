package htmlreport

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"

	"github.com/stressql/stressql/results"
)

var (
	//go:embed assets/uPlot.iife.min.js
	uplotJS string
	//go:embed assets/uPlot.min.css
	uplotCSS string
	//go:embed report.js
	reportJS string
	//go:embed report.css
	reportCSS string
	//go:embed report.html.tmpl
	reportTmpl string
)

var tmpl = template.Must(template.New("report").Parse(reportTmpl))

// Write renders run as one self-contained HTML file.
func Write(w io.Writer, run *results.Run) error {
	if run == nil {
		return fmt.Errorf("no run to report")
	}
	p := build(run)
	var charts []*chart
	for _, s := range p.Scenarios {
		for _, c := range s.Charts {
			if c.Empty == "" {
				charts = append(charts, c)
			}
		}
	}
	for _, c := range p.Sweeps {
		if c.Empty == "" {
			charts = append(charts, c)
		}
	}
	if charts == nil {
		charts = []*chart{}
	}
	// json.Marshal escapes <, > and &: the document cannot end the
	// <script> element it sits in.
	data, err := json.Marshal(struct {
		Charts []*chart `json:"charts"`
	}{charts})
	if err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	if bytes.Contains(data, []byte("</")) {
		return fmt.Errorf("html report: data would end its script element")
	}
	bw := bufio.NewWriter(w)
	err = tmpl.Execute(bw, struct {
		*page
		Data     template.JS
		UPlotJS  template.JS
		UPlotCSS template.CSS
		JS       template.JS
		CSS      template.CSS
	}{p, template.JS(data), template.JS(uplotJS), template.CSS(uplotCSS), template.JS(reportJS), template.CSS(reportCSS)})
	if err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return bw.Flush()
}
