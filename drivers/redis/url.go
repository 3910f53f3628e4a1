package redis

import "github.com/stressql/stressql/redact"

// scrub masks the secrets of the URL u in err's message (see package
// redact), keeping the chain for errors.Is / errors.As.
func scrub(err error, u string) error {
	return redact.Error(err, u)
}
