package cas

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/alicas/terraform-provider-alicas/internal/benchtest"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// certsBody is a ListDeploymentJobCert answer with n synthetic certificates.
func certsBody(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"RequestId":"A1B2C3D4-0000-4000-8000-000000000000","Data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(emulator.SyntheticCertificate(i))
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// BenchmarkDecodeCertificates is the API client's share of reading a job:
// the answer body, already received, to []DeploymentJobCert.
func BenchmarkDecodeCertificates(b *testing.B) {
	for _, n := range []int{1, 100, 10_000} {
		body := certsBody(n)
		b.Run(fmt.Sprintf("certs=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			perCert := benchtest.PerCert(b, n)
			for b.Loop() {
				var out listBody
				raw := rawResponse{status: 200, body: body}
				if err := decode("ListDeploymentJobCert", raw, &out); err != nil {
					b.Fatal(err)
				}
				certs, err := decodeList[DeploymentJobCert]("ListDeploymentJobCert", raw, "Data", out.Data, out.RequestID)
				if err != nil || len(certs) != n {
					b.Fatalf("%d certificates, %v", len(certs), err)
				}
			}
			perCert()
		})
	}
}

// BenchmarkListCertificates is one ListDeploymentJobCert call through the
// client: signing, the SDK, HTTP on loopback, reading and decoding the
// answer, from a server that answers prepared bytes.
func BenchmarkListCertificates(b *testing.B) {
	for _, n := range []int{1, 100, 10_000} {
		body := certsBody(n)
		b.Run(fmt.Sprintf("certs=%d", n), func(b *testing.B) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json;charset=utf-8")
				_, _ = w.Write(body)
			}))
			defer ts.Close()
			client, _ := testClient(b, ts.URL, func(c *Config) { c.Logger, c.MaxRetries = nil, 0 })
			perCert := benchtest.PerCert(b, n)
			for b.Loop() {
				res, err := client.ListDeploymentJobCert(context.Background(), 1)
				if err != nil || len(res.Certs) != n {
					b.Fatal(err)
				}
			}
			perCert()
		})
	}
}
