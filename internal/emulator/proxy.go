package emulator

import (
	"crypto/tls"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Proxy is an HTTP proxy that never connects anywhere. Point HTTPS_PROXY and
// HTTP_PROXY at it, and a client's calls to Alibaba Cloud reach Handler
// instead, without leaving the machine:
//   - CONNECT to a *.aliyuncs.com host is answered here: the tunnel's TLS is
//     terminated with a certificate from Authority and its requests served by
//     Handler (credentials-go derives STS hosts like sts.cn-hangzhou.aliyuncs.com
//     from a profile's sts_region, with no way to override them);
//   - plain requests to the ECS metadata address 100.100.100.200 are served
//     by Handler;
//   - everything else is refused with 403 Forbidden.
//
// Go clients never send loopback URLs to a proxy, so traffic to 127.0.0.1 is
// unaffected.
type Proxy struct {
	Authority *Authority

	mu      sync.RWMutex
	handler http.Handler
}

// SetHandler chooses what answers proxied requests; nil refuses them all.
func (p *Proxy) SetHandler(h http.Handler) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.handler = h
}

func (p *Proxy) current() http.Handler {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.handler
}

// metadataHost is the ECS instance metadata service's fixed address.
const metadataHost = "100.100.100.200"

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := p.current()
	host := r.URL.Hostname()
	switch {
	case h == nil:
		http.Error(w, "alicas emulator proxy: nothing is served now", http.StatusForbidden)
	case r.Method == http.MethodConnect && strings.HasSuffix(host, ".aliyuncs.com") && r.URL.Port() == "443":
		p.tunnel(w, h)
	case r.Method != http.MethodConnect && host == metadataHost:
		h.ServeHTTP(w, r)
	default:
		http.Error(w, "alicas emulator proxy: "+r.Host+" is not emulated; nothing leaves this machine", http.StatusForbidden)
	}
}

// tunnel answers the CONNECT, then serves HTTPS on the hijacked connection.
func (p *Proxy) tunnel(w http.ResponseWriter, h http.Handler) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "alicas emulator proxy: cannot tunnel over this connection", http.StatusInternalServerError)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	if _, err := buf.WriteString("HTTP/1.1 200 Connection established\r\n\r\n"); err != nil || buf.Flush() != nil {
		_ = conn.Close()
		return
	}
	tlsConn := tls.Server(conn, p.Authority.TLSConfig())
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	_ = srv.Serve(newOneConnListener(tlsConn)) // returns once the client hangs up
}

// oneConnListener hands out a single connection, then reports itself
// closed once that connection is.
type oneConnListener struct {
	conn   net.Conn
	once   sync.Once
	closed chan struct{}
}

func newOneConnListener(c net.Conn) *oneConnListener {
	l := &oneConnListener{closed: make(chan struct{})}
	l.conn = &notifyConn{Conn: c, onClose: func() { l.once.Do(func() { close(l.closed) }) }}
	return l
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	if c := l.conn; c != nil {
		l.conn = nil
		return c, nil
	}
	<-l.closed
	return nil, net.ErrClosed
}

func (l *oneConnListener) Close() error   { return nil }
func (l *oneConnListener) Addr() net.Addr { return dummyAddr{} }

type dummyAddr struct{}

func (dummyAddr) Network() string { return "tcp" }
func (dummyAddr) String() string  { return "tunnel" }

type notifyConn struct {
	net.Conn
	closeOnce sync.Once
	onClose   func()
}

func (c *notifyConn) Close() error {
	err := c.Conn.Close()
	c.closeOnce.Do(c.onClose)
	return err
}
