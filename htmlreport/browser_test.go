package htmlreport

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/results"
)

// browserResult is what testdata/browser/check.js found in one page.
type browserResult struct {
	File       string   `json:"file"`
	Requests   []string `json:"requests"`
	Console    []string `json:"console"`
	Exceptions []string `json:"exceptions"`
	CLS        float64  `json:"cls"`
	Shifts     []string `json:"shifts"` // each layout shift: its score, when, and what moved
	Tables     int      `json:"tables"`
	Empty      int      `json:"empty"`
	Filtered   *struct {
		Rows     []string `json:"rows"`
		Sections []string `json:"sections"`
	} `json:"filtered"`
	Sections []struct {
		ID     string `json:"id"`
		Charts int    `json:"charts"`
		NoData bool   `json:"nodata"`
	} `json:"sections"`
	Charts []struct {
		ID     string  `json:"id"`
		Plot   bool    `json:"plot"`
		Data   bool    `json:"data"`
		Pixels int     `json:"pixels"`
		Height float64 `json:"height"`
	} `json:"charts"`
}

type browserJob struct {
	File       string            `json:"file"`
	Scheme     string            `json:"scheme"`
	Screenshot string            `json:"screenshot,omitempty"`
	Elements   map[string]string `json:"elements,omitempty"`
	Filter     *struct {
		Select string `json:"select"`
		Value  string `json:"value"`
	} `json:"filter,omitempty"`
}

// browserTimeout bounds the browser part of the test: starting Chromium,
// opening every page, screenshots.
const browserTimeout = 60 * time.Second

// runBrowser runs check.js over the jobs in Debian's headless Chromium
// with playwright-core (installed with npm ci when missing). Without
// chromium or node the test skips, and fails under CI=true.
func runBrowser(t *testing.T, jobs []browserJob) []browserResult {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		testenv.Missing(t, "chromium is not installed (scripts/ensure-browser.sh: apt-get install -y chromium): %v", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		testenv.Missing(t, "node is not installed: %v", err)
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "browser"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "playwright-core", "package.json")); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			testenv.Missing(t, "npm is not installed: %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
		}
	}
	jobsFile := filepath.Join(t.TempDir(), "jobs.json")
	b, err := json.Marshal(jobs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jobsFile, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(dir, "check.js"), chromium, jobsFile)
	// node and the Chromium it starts are one process group: on time-out,
	// and in any case at the end, the whole group is killed, by its id.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // what is left of the browser, if anything
	}
	if err != nil {
		t.Fatalf("check.js after %s: %v\n%s", time.Since(start).Round(time.Millisecond), err, stderr.String())
	}
	t.Logf("browser: %d pages in %s\n%s", len(jobs), time.Since(start).Round(time.Millisecond), stderr.String())
	var res []browserResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("check.js printed %q: %v\n%s", stdout.String(), err, stderr.String())
	}
	if len(res) != len(jobs) {
		t.Fatalf("%d results for %d pages", len(res), len(jobs))
	}
	return res
}

// problems lists what is wrong with a page a browser opened: any request,
// console error or exception, a layout shift, a chart that drew nothing or
// whose height is not the fixed one, a scenario with data and fewer than
// two charts, a missing table.
func problems(run *results.Run, r browserResult) []string {
	var out []string
	for _, u := range r.Requests {
		out = append(out, "request left the page: "+u)
	}
	for _, c := range r.Console {
		out = append(out, "console error: "+c)
	}
	for _, e := range r.Exceptions {
		out = append(out, "uncaught exception: "+e)
	}
	if r.CLS > 0.001 {
		out = append(out, fmt.Sprintf("layout shift %.4f: %s", r.CLS, strings.Join(r.Shifts, " | ")))
	}
	for _, c := range r.Charts {
		switch {
		case !c.Plot:
			out = append(out, c.ID+": no plot")
		case !c.Data:
			out = append(out, c.ID+": plot without data")
		case c.Pixels == 0:
			out = append(out, fmt.Sprintf("%s: drew %d pixels of its lines' colours", c.ID, c.Pixels))
		}
		if c.Height != 272 {
			out = append(out, fmt.Sprintf("%s: height %v, want the fixed 272", c.ID, c.Height))
		}
	}
	if r.Tables != len(r.Charts) {
		out = append(out, fmt.Sprintf("%d tables of numbers for %d charts", r.Tables, len(r.Charts)))
	}
	if len(r.Sections) != len(run.Scenarios) {
		out = append(out, fmt.Sprintf("%d scenario sections for %d scenarios", len(r.Sections), len(run.Scenarios)))
		return out
	}
	for i, s := range r.Sections {
		sr := run.Scenarios[i]
		hasData := sr.Result != nil && len(sr.Result.Series) > 0
		if hasData && s.Charts < 2 {
			out = append(out, fmt.Sprintf("%s (%s): %d charts drawn, want at least 2", s.ID, sr.Name, s.Charts))
		}
		if !hasData && !s.NoData {
			out = append(out, fmt.Sprintf("%s (%s): no data, and the page does not say so", s.ID, sr.Name))
		}
	}
	return out
}

// TestBrowser opens reports from disk in headless Chromium with the
// network blocked: the golden fixtures in light and dark mode and a
// 50-scenario report of long series. It fails on any request, console
// error, exception, layout shift or chart that drew nothing, and saves
// screenshots under out/. Two broken pages prove the checks can fail.
func TestBrowser(t *testing.T) {
	outDir, err := filepath.Abs(filepath.Join("..", "out"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	type page struct {
		name string
		run  *results.Run
		job  browserJob
	}
	var pages []page
	add := func(name string, run *results.Run, scheme string, shots bool) {
		var b bytes.Buffer
		if err := Write(&b, run); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		job := browserJob{File: file, Scheme: scheme}
		if shots {
			if scheme == "light" {
				job.Screenshot = filepath.Join(outDir, "htmlreport-"+name+".png")
			}
			job.Elements = map[string]string{
				"#run":    filepath.Join(outDir, "htmlreport-"+name+"-header.png"),
				"#s3":     filepath.Join(outDir, "htmlreport-"+name+"-scenario.png"),
				"#s4":     filepath.Join(outDir, "htmlreport-"+name+"-last.png"),
				"#sweeps": filepath.Join(outDir, "htmlreport-"+name+"-sweep.png"),
			}
		}
		pages = append(pages, page{name, run, job})
	}
	add("normal-light", loadFixture(t, "normal.json"), "light", true)
	pages[0].job.Filter = &struct {
		Select string `json:"select"`
		Value  string `json:"value"`
	}{"#filter-status", results.StatusFail}
	add("normal-dark", loadFixture(t, "normal.json"), "dark", true)
	add("interrupted", loadFixture(t, "interrupted.json"), "dark", true)
	add("nodata", loadFixture(t, "nodata.json"), "light", false)
	add("fifty", bigRun(t, 50, 300), "light", false)

	// Broken pages: without the charting library every chart throws; an
	// image from the network is a request leaving the page.
	normal := loadFixture(t, "normal.json")
	var b bytes.Buffer
	if err := Write(&b, normal); err != nil {
		t.Fatal(err)
	}
	noLib := strings.Replace(b.String(), uplotJS, "", 1)
	leak := strings.Replace(b.String(), "</footer>", `<img src="http://127.0.0.1:9/pixel.png" width="1" height="1"></footer>`, 1)
	for name, body := range map[string]string{"broken-nolib": noLib, "broken-leak": leak} {
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		pages = append(pages, page{name, normal, browserJob{File: file, Scheme: "light"}})
	}

	jobs := make([]browserJob, len(pages))
	for i, p := range pages {
		jobs[i] = p.job
	}
	res := runBrowser(t, jobs)
	for i, p := range pages {
		got := problems(p.run, res[i])
		switch p.name {
		case "broken-nolib":
			if len(res[i].Exceptions) == 0 || !strings.Contains(strings.Join(got, "\n"), "no plot") {
				t.Errorf("a page without its charting library passed: %v", got)
			}
		case "broken-leak":
			if len(res[i].Requests) != 1 || !strings.Contains(res[i].Requests[0], "127.0.0.1:9") {
				t.Errorf("a page loading from the network passed: requests %v", res[i].Requests)
			}
		default:
			if p.job.Filter != nil {
				var want []string
				for i, sr := range p.run.Scenarios {
					if sr.Status == p.job.Filter.Value {
						want = append(want, fmt.Sprintf("s%d", i))
					}
				}
				f := res[i].Filtered
				if f == nil || strings.Join(f.Rows, ",") != strings.Join(want, ",") || strings.Join(f.Sections, ",") != strings.Join(want, ",") || len(want) == 0 {
					t.Errorf("%s: filter status=%s shows %+v, want %v", p.name, p.job.Filter.Value, f, want)
				}
			}
			for _, pr := range got {
				t.Errorf("%s: %s", p.name, pr)
			}
			t.Logf("%s: %d charts drawn, %d said empty, %d tables", p.name, len(res[i].Charts), res[i].Empty, res[i].Tables)
		}
	}
	t.Logf("screenshots in %s (htmlreport-*.png)", outDir)
}
