package engine

import (
	"fmt"
	"net"
	"net/url"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/redact"
)

// targetAddr returns the host:port a target URL of driver d dials, for
// the fault proxy to forward to (d's DefaultPort when the URL has none).
func targetAddr(d *drivers.Descriptor, target string) (string, error) {
	driver := d.Name
	u, err := url.Parse(target)
	if err != nil {
		return "", fmt.Errorf("parse %s target: %s", driver, redact.Error(err, target))
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return "", fmt.Errorf("%s target %s has no host", driver, redact.Target(target))
	}
	if port == "" {
		port = d.DefaultPort
	}
	return net.JoinHostPort(host, port), nil
}
