package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

func TestFaultFlags(t *testing.T) {
	file := filepath.Join(t.TempDir(), "faults.json")
	if err := os.WriteFile(file, []byte(`{"faults": [{"jobs": [9999], "times": 1, "fail": {"code": "ServiceUnavailable"}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s := start(t, "-addr", "127.0.0.1:0", "-faults", file, "-latency", "1ms", "-qps", "1000")
	key, secret := emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret
	if _, err := listCerts(s.endpoint, key, secret, "9999"); err == nil || !strings.Contains(err.Error(), "ServiceUnavailable") {
		t.Fatalf("first call for job 9999: %v, want the injected ServiceUnavailable", err)
	}
	if _, err := listCerts(s.endpoint, key, secret, "9999"); err != nil {
		t.Fatalf("second call for job 9999: %v", err)
	}
	if err := s.stop(t); err != nil {
		t.Fatal(err)
	}
	log := s.stderr.String()
	for _, want := range []string{"faults=3", "requests=2", "connections=", "ServiceUnavailable:1"} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr lacks %q:\n%s", want, log)
		}
	}
}

func TestFaultFlagsRefuseBadValues(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "faults.json")
	if err := os.WriteFile(bad, []byte(`{"faults": [{"drop": true, "latency": "1s"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"bad fault file":     {[]string{"-addr", "127.0.0.1:0", "-faults", bad}, bad + ": fault 0: give exactly one of"},
		"missing fault file": {[]string{"-addr", "127.0.0.1:0", "-faults", bad + ".nope"}, "nope"},
		"negative qps":       {[]string{"-addr", "127.0.0.1:0", "-qps", "-1"}, "must not be negative"},
		"bad latency":        {[]string{"-addr", "127.0.0.1:0", "-latency", "soon"}, "invalid value"},
	} {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error()+stderr.String(), tc.want) {
				t.Errorf("run error = %v (stderr %q), want it to mention %q", err, stderr.String(), tc.want)
			}
		})
	}
}
