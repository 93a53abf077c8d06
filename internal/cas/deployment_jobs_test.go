package cas

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aliyun/credentials-go/credentials"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// emulatorClient serves fixtureJSON with opts and returns a Client for it,
// with the server to count its requests.
func emulatorClient(t *testing.T, opts emulator.Options, fixtureJSON string) (*Client, *emulator.Server) {
	t.Helper()
	f, err := emulator.ParseFixture([]byte(fixtureJSON))
	if err != nil {
		t.Fatal(err)
	}
	opts.Fixture = f
	srv, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cred, err := credentials.NewCredential(&credentials.Config{Type: ptr("access_key"),
		AccessKeyId: ptr(emulator.DefaultAccessKeyID), AccessKeySecret: ptr(emulator.DefaultAccessKeySecret)})
	if err != nil {
		t.Fatal(err)
	}
	endpoint, err := ParseEndpoint(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{Endpoint: endpoint, Credential: cred})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func manyJobs(n int) string {
	var entries []string
	for i := range n {
		entries = append(entries, fmt.Sprintf(`"%d": {"job": {"Name": "job-%d"}}`, 1001+i, 1001+i))
	}
	return `{"jobs": {` + strings.Join(entries, ",") + `}}`
}

// The walk reads as few pages as it can: it stops when it holds Total jobs,
// and otherwise at the first empty page.
func TestListDeploymentJobsPagesRead(t *testing.T) {
	cases := []struct {
		name          string
		jobs, change  int
		want, pages   int
		first, latest int64
	}{
		{"empty account", 0, 0, 0, 1, 0, 0},
		{"one short page", 7, 0, 7, 1, 1007, 1001},
		{"exactly one page", 50, 0, 50, 1, 1050, 1001},
		{"three pages", 130, 0, 130, 3, 1130, 1001},
		{"jobs created meanwhile: Total overshoots, an empty page ends it", 130, 1, 130, 4, 1130, 1001},
		{"jobs deleted meanwhile: Total shrinks to what was read", 130, -1, 128, 3, 1130, 1001},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, srv := emulatorClient(t, emulator.Options{JobsChangePerPage: tc.change}, manyJobs(tc.jobs))
			res, err := c.ListDeploymentJobs(context.Background(), DeploymentJobFilter{})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[int64]bool{}
			for _, j := range res.Jobs {
				if seen[int64(*j.ID)] {
					t.Errorf("job %d listed twice", *j.ID)
				}
				seen[int64(*j.ID)] = true
			}
			if len(res.Jobs) != tc.want || res.Pages != tc.pages || srv.Requests() != int64(tc.pages) {
				t.Fatalf("%d jobs from %d pages (%d requests), want %d from %d", len(res.Jobs), res.Pages, srv.Requests(), tc.want, tc.pages)
			}
			if tc.want > 0 && (int64(*res.Jobs[0].ID) != tc.first || int64(*res.Jobs[tc.want-1].ID) != tc.latest) {
				t.Errorf("jobs run from %d to %d, want %d to %d", *res.Jobs[0].ID, *res.Jobs[tc.want-1].ID, tc.first, tc.latest)
			}
		})
	}
}

// A Total that keeps ahead of the listing stops it after MaxPages requests
// with an error that says so.
func TestListDeploymentJobsPageCap(t *testing.T) {
	c, srv := emulatorClient(t, emulator.Options{JobsChangePerPage: 60}, manyJobs(60))
	_, err := c.ListDeploymentJobs(context.Background(), DeploymentJobFilter{})
	var respErr *ResponseError
	if !errors.As(err, &respErr) || !strings.Contains(err.Error(), "did not end within 1000 pages of 50") || respErr.RequestID == "" {
		t.Fatalf("err = %v, want a ResponseError about the page cap with a RequestId", err)
	}
	if srv.Requests() != MaxPages {
		t.Errorf("%d requests, want MaxPages (%d)", srv.Requests(), MaxPages)
	}
}

func TestParseDeploymentJobConfig(t *testing.T) {
	cases := []struct {
		in            string
		certs, shares []Int64
		wantErr       string
	}{
		{in: `{"shareCertIds":[],"certIds":[12342649,12304338]}`, certs: []Int64{12342649, 12304338}, shares: []Int64{}},
		{in: ` {"certIds":["9007199254740993"]} `, certs: []Int64{9007199254740993}},
		{in: `{}`},
		{in: `{"certIds":[1.5]}`, wantErr: "config: want an integer, got 1.5"},
		{in: `certIds=1`, wantErr: "config is not a JSON object"},
		{in: `{"certIds":[1]`, wantErr: "truncated"},
	}
	for _, tc := range cases {
		cfg, err := ParseDeploymentJobConfig(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || fmt.Sprint(cfg.CertIDs) != fmt.Sprint(tc.certs) || (cfg.CertIDs == nil) != (tc.certs == nil) ||
			fmt.Sprint(cfg.ShareCertIDs) != fmt.Sprint(tc.shares) || (cfg.ShareCertIDs == nil) != (tc.shares == nil) {
			t.Errorf("%s: got %+v, %v", tc.in, cfg, err)
		}
	}
}

// The 0/1 flags (Del, EnableHttps, ...) decode as booleans; anything else
// is an error rather than a guess.
func TestBoolDecodesFlags(t *testing.T) {
	for in, want := range map[string]bool{`1`: true, `0`: false, `"1"`: true, `"0"`: false} {
		var b Bool
		if err := json.Unmarshal([]byte(in), &b); err != nil || bool(b) != want {
			t.Errorf("%s: %v, %v", in, b, err)
		}
	}
	for _, in := range []string{`2`, `-1`, `"01"`, `1.0`, `"yes"`} {
		var b Bool
		if err := json.Unmarshal([]byte(in), &b); err == nil {
			t.Errorf("%s decoded as %v", in, b)
		}
	}
}

// An answer whose top-level field cannot be read keeps it as odd, named.
func TestDecodeNamesTopLevelField(t *testing.T) {
	raw := rawResponse{status: 200, body: []byte(`{"Id": 8888, "Name": "web", "Del": 3, "RequestId": "R1"}`)}
	var body describeDeploymentJobBody
	if err := decode("DescribeDeploymentJob", raw, &body); err != nil {
		t.Fatal(err)
	}
	if odd := body.Odd(); len(odd) != 1 || odd[0] != (OddValue{Field: "Del", Raw: "3"}) || body.Del != nil || *body.Name != "web" {
		t.Errorf("odd values %v, Del %v", odd, body.Del)
	}
}
