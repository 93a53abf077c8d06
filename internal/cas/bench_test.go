package cas

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"

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
			perCert := startPerItem(b, n)
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

// startPerItem reports, when the function it returns is called after the
// loop, time and allocations per item (certificate) besides per operation.
func startPerItem(b *testing.B, items int) func() {
	b.Helper()
	b.ReportAllocs()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	return func() {
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		n := float64(b.N) * float64(items)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/cert")
		b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/cert")
	}
}
