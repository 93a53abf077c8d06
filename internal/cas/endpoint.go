package cas

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Endpoint is where API calls go: a scheme and a host[:port].
type Endpoint struct {
	Scheme string // "https" or "http"
	Host   string // host or host:port, no path
}

// String gives the endpoint as a URL.
func (e Endpoint) String() string { return e.Scheme + "://" + e.Host }

// IsLoopback reports whether the endpoint's host is this machine.
func (e Endpoint) IsLoopback() bool {
	host := e.Host
	if h, _, err := net.SplitHostPort(e.Host); err == nil {
		host = h
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ParseEndpoint accepts a bare host ("cas.aliyuncs.com", HTTPS implied) or a
// full URL ("http://127.0.0.1:8735"). Plain HTTP is used only when asked for.
func ParseEndpoint(s string) (Endpoint, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Endpoint{}, fmt.Errorf("endpoint is empty")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return Endpoint{}, fmt.Errorf("endpoint %q is not a host or URL: %w", s, err)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return Endpoint{}, fmt.Errorf("endpoint %q: scheme must be https or http, not %q", s, u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return Endpoint{}, fmt.Errorf("endpoint %q has no host", s)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return Endpoint{}, fmt.Errorf("endpoint %q must be only a scheme and host[:port], without path, query or user info", s)
	}
	return Endpoint{Scheme: scheme, Host: u.Host}, nil
}
