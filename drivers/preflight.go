package drivers

import (
	"net"
	"time"
)

// TCPAnswers reports whether something accepts a TCP connection at addr
// (within a second): a preflight uses it to tell a dead address from a
// server that does not speak the driver's protocol.
func TCPAnswers(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}
