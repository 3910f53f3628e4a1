package redis

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strconv"
	"time"
)

// replyError is an error reply from the server. It satisfies go-redis's
// Error interface, so it is classified like any other error reply.
type replyError string

func (e replyError) Error() string { return string(e) }

// RedisError marks replyError as a Redis error reply.
func (replyError) RedisError() {}

// setName authenticates (when the URL has credentials) and names a fresh
// connection, in one round trip, bounded by ctx's deadline.
func setName(ctx context.Context, c net.Conn, user, pass, name string) error {
	if dl, ok := ctx.Deadline(); ok {
		if err := c.SetDeadline(dl); err != nil {
			return err
		}
		defer func() { _ = c.SetDeadline(time.Time{}) }()
	}
	var req []byte
	replies := 1
	switch {
	case pass != "" && user != "":
		req = appendCommand(req, "AUTH", user, pass)
		replies++
	case pass != "":
		req = appendCommand(req, "AUTH", pass)
		replies++
	}
	req = appendCommand(req, "CLIENT", "SETNAME", name)
	if _, err := c.Write(req); err != nil {
		return fmt.Errorf("naming the connection: %w", err)
	}
	// Nothing but these replies can arrive before the next request, so
	// the reader cannot swallow data meant for go-redis.
	r := bufio.NewReaderSize(c, 128)
	for range replies {
		line, err := r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("naming the connection: %w", err)
		}
		if len(line) > 0 && line[0] == '-' {
			return replyError(trimCRLF(line[1:]))
		}
	}
	return nil
}

func appendCommand(b []byte, args ...string) []byte {
	b = append(b, '*')
	b = strconv.AppendInt(b, int64(len(args)), 10)
	b = append(b, '\r', '\n')
	for _, a := range args {
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(len(a)), 10)
		b = append(b, '\r', '\n')
		b = append(b, a...)
		b = append(b, '\r', '\n')
	}
	return b
}

func trimCRLF(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}
