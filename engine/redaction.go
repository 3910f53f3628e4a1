package engine

import (
	"github.com/stressql/stressql/redact"
	"github.com/stressql/stressql/results"
)

// redactTargets redacts every target.
func redactTargets(targets map[string]string) map[string]string {
	out := make(map[string]string, len(targets))
	for k, v := range targets {
		out[k] = redact.Target(v)
	}
	return out
}

// scrub masks, in a message, every URL and secret key=value pair and the
// secrets of target in every form (raw, percent-encoded, quoted), in case
// an error from a library quoted the connection string or a part of it.
func scrub(msg, target string) string {
	return redact.Text(msg, redact.Secrets(target)...)
}

// redactScenario masks the secrets of every target (and admin target) of the run in the
// texts of a finished scenario that come from drivers, servers or the
// user (errors, check messages and values, fault errors), the one place
// they all pass before any output.
func redactScenario(sr *results.ScenarioRun, targets ...map[string]string) {
	var secrets []string
	for _, m := range targets {
		for _, t := range m {
			secrets = append(secrets, redact.Secrets(t)...)
		}
	}
	for i, e := range sr.Errors {
		sr.Errors[i] = redact.Text(e, secrets...)
	}
	for i := range sr.Checks {
		c := &sr.Checks[i]
		c.Message = redact.Text(c.Message, secrets...)
		for j := range c.Values {
			c.Values[j].MapText(func(s string) string { return redact.Text(s, secrets...) })
		}
	}
	for i := range sr.Faults {
		sr.Faults[i].Error = redact.Text(sr.Faults[i].Error, secrets...)
	}
	redactExamples(sr.Result, secrets)
}

// redactExamples masks the secrets in the example error messages of r and
// of its loads and phases. They were redacted against their own target
// when recorded; this covers the other targets' secrets too.
func redactExamples(r *results.Result, secrets []string) {
	if r == nil {
		return
	}
	for k, ex := range r.ErrorExamples {
		ex.Message = redact.Text(ex.Message, secrets...)
		r.ErrorExamples[k] = ex
	}
	for _, l := range r.Loads {
		redactExamples(l, secrets)
	}
	for _, p := range r.Phases {
		redactExamples(p, secrets)
	}
}
