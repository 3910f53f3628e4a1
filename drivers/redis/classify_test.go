package redis

import (
	"crypto/x509"
	"errors"
	"fmt"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
)

// reply is an error reply as go-redis returns it: a redis.Error.
type reply string

func (r reply) Error() string { return string(r) }
func (reply) RedisError()     {}

var _ goredis.Error = reply("")

// TestClassifyConstructed: the kinds go-redis's error types decide, and
// where they rank against the driver-independent ones (the real failures
// are in drivers/errkind's TestRedisFailures).
func TestClassifyConstructed(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"WRONGPASS", reply("WRONGPASS invalid username-password pair or user is disabled."), errkind.Auth},
		{"NOAUTH", reply("NOAUTH Authentication required."), errkind.Auth},
		{"Redis before 6: wrong password", reply("ERR invalid password"), errkind.Auth},
		{"AUTH without a configured password",
			reply("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"), errkind.Auth},
		{"maxclients", reply("ERR max number of clients reached"), errkind.ConnLimit},
		{"NOPERM on a command", reply("NOPERM this user has no permissions to run the 'get' command"), errkind.Permission},
		{"NOPERM on a key", reply("NOPERM No permissions to access a key"), errkind.Permission},
		{"other reply", reply("WRONGTYPE Operation against a key holding the wrong kind of value"), errkind.Query},
		{"auth beats the pool timeout", errors.Join(goredis.ErrPoolTimeout, reply("WRONGPASS x")), errkind.Auth},
		{"auth beats tls", errors.Join(x509.UnknownAuthorityError{}, reply("NOAUTH x")), errkind.Auth},
		{"pool timeout", fmt.Errorf("x: %w", goredis.ErrPoolTimeout), errkind.AcquireTimeout},
		{"pool exhausted", goredis.ErrPoolExhausted, errkind.AcquireTimeout},
		{"the pool timeout beats a closed client", errors.Join(goredis.ErrClosed, goredis.ErrPoolTimeout), errkind.AcquireTimeout},
		{"tls beats the pool timeout", errors.Join(goredis.ErrPoolTimeout, x509.UnknownAuthorityError{}), errkind.TLS},
		{"closed client", goredis.ErrClosed, errkind.Closed},
		{"a closed client beats a reply", errors.Join(reply("ERR x"), goredis.ErrClosed), errkind.Closed},
		{"a plain error with the words of a reply is not a reply", errors.New("WRONGPASS"), errkind.Other},
		{"injected", fmt.Errorf("x: %w", drivers.ErrInjected), errkind.Injected},
	}
	for _, tt := range tests {
		if got := Classify(tt.err); got != tt.want {
			t.Errorf("%s: Classify(%v) = %q, want %q", tt.name, tt.err, got, tt.want)
		}
	}
	if got := Descriptor.Classify(reply("NOPERM x")); got != errkind.Permission {
		t.Errorf("Descriptor.Classify is not the driver's: %q", got)
	}
}
