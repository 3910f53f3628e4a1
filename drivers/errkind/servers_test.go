package errkind_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/stressql/stressql/internal/testenv"
)

// plainServer listens on 127.0.0.1; for each connection it reads n bytes,
// writes reply, and keeps the connection open until the test ends.
func plainServer(t *testing.T, n int, reply []byte) string {
	t.Helper()
	return testenv.Listen(t, func(c net.Conn) {
		if _, err := io.ReadFull(c, make([]byte, n)); err != nil {
			return
		}
		_, _ = c.Write(reply)
		_, _ = io.Copy(io.Discard, c)
	})
}

// pgServer is a PostgreSQL server on 127.0.0.1 that reads the startup
// message of each connection (refusing TLS) and answers with msg, as a
// server does that rejects the connection before authentication.
func pgServer(t *testing.T, msg pgproto3.BackendMessage) string {
	t.Helper()
	return testenv.Listen(t, func(c net.Conn) {
		be := pgproto3.NewBackend(c, c)
		for {
			m, err := be.ReceiveStartupMessage()
			if err != nil {
				return
			}
			if _, ok := m.(*pgproto3.SSLRequest); ok {
				if _, err := c.Write([]byte("N")); err != nil {
					return
				}
				continue
			}
			break
		}
		be.Send(msg)
		_ = be.Flush()
		_, _ = io.Copy(io.Discard, c)
	})
}

// selfSignedTLSServer is a TLS server on 127.0.0.1 whose certificate no
// client trusts.
func selfSignedTLSServer(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln = tls.NewListener(ln, cfg)
	testenv.Serve(t, ln, func(c net.Conn) { _, _ = io.Copy(io.Discard, c) })
	return ln.Addr().String()
}
