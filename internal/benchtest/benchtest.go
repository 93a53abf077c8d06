// Package benchtest holds what the benchmarks of internal/cas and
// internal/provider share.
package benchtest

import (
	"runtime"
	"testing"
)

// PerCert reports, when the function it returns is called after the loop,
// time and allocations per certificate besides per operation; certs is how
// many certificates one operation handles.
func PerCert(b *testing.B, certs int) func() {
	b.Helper()
	b.ReportAllocs()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	return func() {
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		n := float64(b.N) * float64(certs)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/cert")
		b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/cert")
	}
}
