// Command alicas-emulator serves the local CAS emulator over HTTP (or HTTPS
// with -tls), for demos and manual testing. Its first line on stdout is
// "listening on http://HOST:PORT" (https:// with -tls); everything else goes
// to stderr.
//
// Its account also plays STS: every key it accepts may assume the role
// emulator.DefaultRoleARN (AssumeRole), and the OIDC provider
// emulator.DefaultOIDCProviderARN exchanges emulator.DefaultOIDCToken for
// that role's credentials (AssumeRoleWithOIDC, as RRSA does). SDKs call STS
// over HTTPS only, so these need -tls.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case err != nil:
		fmt.Fprintln(os.Stderr, "alicas-emulator:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done, then shuts down cleanly and returns nil.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("alicas-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8735", "address to listen on (port 0 picks a free port)")
	data := fs.String("data", "", "fixture JSON file (default: the embedded fixture)")
	keyID := fs.String("access-key-id", emulator.DefaultAccessKeyID, "AccessKey ID to accept")
	keySecret := fs.String("access-key-secret", emulator.DefaultAccessKeySecret, "AccessKey secret to accept")
	faultFile := fs.String("faults", "", `fault file: JSON {"faults": [...]} of latency, qps, fail, drop, truncate, body, slow_body rules (fail and drop may come "after" the write; any but qps may apply by a seeded "chance")`)
	latency := fs.Duration("latency", 0, "delay every answer by this much (added after -faults rules)")
	qps := fs.Int("qps", 0, "answer Throttling.User beyond this many requests per second (0: no ceiling)")
	jobStep := fs.Duration("job-step", emulator.DefaultJobStep, "how long each automatic step of a deployment job takes")
	hostedZones := fs.String("hosted-zones", strings.Join(emulator.DefaultHostedZones, ","),
		"comma-separated DNS zones the account hosts in Alibaba Cloud DNS: CAS validates names under them by itself (others need a record: POST /dns/records)")
	validationChecks := fs.Int("validation-checks", emulator.DefaultValidationChecks,
		"how many checks, one per job step, a certificate application waits for its validation records before it fails")
	useTLS := fs.Bool("tls", false, "serve HTTPS with a certificate from a CA made at start (valid one day)")
	caOut := fs.String("ca-out", "", "with -tls: write the CA certificate (PEM) to this file, for SSL_CERT_FILE")
	synthetic := fs.Int("synthetic-certificates", 0, "the account also holds this many valid certificates (ListUserCertificateOrder lists them), for load tests")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if *jobStep <= 0 {
		return errors.New("-job-step must be positive")
	}
	if *caOut != "" && !*useTLS {
		return errors.New("-ca-out needs -tls")
	}
	if *synthetic < 0 || *synthetic > emulator.MaxSyntheticCertificates {
		return fmt.Errorf("-synthetic-certificates must be between 0 and %d", emulator.MaxSyntheticCertificates)
	}

	logger := slog.New(slog.NewTextHandler(stderr, nil))
	opts := emulator.Options{
		Credentials:           []emulator.Credential{{AccessKeyID: *keyID, AccessKeySecret: *keySecret}},
		Logger:                logger,
		JobStep:               *jobStep,
		HostedZones:           zoneList(*hostedZones),
		ValidationChecks:      *validationChecks,
		SyntheticCertificates: *synthetic,
		Roles:                 []emulator.Role{{ARN: emulator.DefaultRoleARN}},
		OIDCProviders: []emulator.OIDCProvider{{ARN: emulator.DefaultOIDCProviderARN,
			Tokens: []string{emulator.DefaultOIDCToken}}},
	}
	if *data != "" {
		f, err := emulator.LoadFixture(*data)
		if err != nil {
			return err
		}
		opts.Fixture = f
	}
	rules, err := faults(*faultFile, *latency, *qps)
	if err != nil {
		return err
	}
	opts.Faults = rules
	srv, err := emulator.New(opts)
	if err != nil {
		return err
	}

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *addr)
	if err != nil {
		return err
	}
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ConnState: srv.ConnState,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)} // e.g. TLS handshakes of clients that do not trust the CA
	scheme := "http"
	if *useTLS {
		if ln, err = serveTLS(ln, *caOut); err != nil {
			return err
		}
		scheme = "https"
	}
	if _, err := fmt.Fprintf(stdout, "listening on %s://%s\n", scheme, ln.Addr()); err != nil {
		_ = ln.Close()
		return err
	}
	fixture := *data
	if fixture == "" {
		fixture = "embedded default"
	}
	logger.Info("serving", "access_key_id", *keyID, "fixture", fixture, "faults", len(opts.Faults), "job_step", jobStep.String(), "tls", *useTLS,
		"synthetic_certificates", *synthetic,
		"role_arn", emulator.DefaultRoleARN, "oidc_provider_arn", emulator.DefaultOIDCProviderARN)

	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	st := srv.Stats()
	logger.Info("stopped", "requests", st.Requests, "connections", st.Connections, "outcomes", fmt.Sprint(st.Outcomes))
	return nil
}

// serveTLS wraps ln in TLS with a certificate from a CA made now, and
// writes the CA to caOut (when set) before anyone can connect.
func serveTLS(ln net.Listener, caOut string) (net.Listener, error) {
	ca, err := emulator.NewAuthority()
	if err == nil && caOut != "" {
		err = os.WriteFile(caOut, ca.CertPEM(), 0o600)
	}
	if err != nil {
		_ = ln.Close()
		return nil, fmt.Errorf("-tls: %w", err)
	}
	return tls.NewListener(ln, ca.TLSConfig()), nil
}

// faults gathers the fault file's rules and the shortcut flags.
func faults(file string, latency time.Duration, qps int) ([]emulator.Fault, error) {
	var rules []emulator.Fault
	if file != "" {
		var err error
		if rules, err = emulator.LoadFaults(file); err != nil {
			return nil, err
		}
	}
	if latency < 0 || qps < 0 {
		return nil, errors.New("-latency and -qps must not be negative")
	}
	if latency > 0 {
		rules = append(rules, emulator.Fault{Latency: emulator.Duration(latency)})
	}
	if qps > 0 {
		rules = append(rules, emulator.Fault{QPS: qps})
	}
	return rules, nil
}

// zoneList splits -hosted-zones; an empty value hosts none.
func zoneList(v string) []string {
	zones := []string{}
	for _, z := range strings.Split(v, ",") {
		if z = strings.TrimSpace(z); z != "" {
			zones = append(zones, z)
		}
	}
	return zones
}
