package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// results is everything one `make bench` measured.
type results struct {
	machine                   string
	gobench                   goBench
	binaryBytes               int64
	plans                     []measurement // N data sources at P
	big                       measurement   // one 10,000-certificate job
	ceiling                   measurement   // ceilingSources data sources against ceilingQPS
	query                     measurement   // terraform query of queryCerts certificates
	queryCLI, querySkip       string        // the CLI that ran it; why it did not run
	schemaAlicas, schemaEmpty []time.Duration
	latency                   time.Duration
	runs                      int
	took                      time.Duration
}

// Limits, from the issue. MB is 10^6 bytes, the stricter reading.
const (
	maxNsPerCert     = 2000
	maxBigReadCPU    = 50 * time.Millisecond
	maxRSSBytes      = 64_000_000
	maxCallRatio     = 1.2
	maxPlanRatio     = 1.3
	maxBinaryBytes   = 25_000_000
	maxSchemaRatio   = 1.10
	maxScaleRatio    = 3.5 // 100 data sources / 1, no ceiling
	maxThrottleShare = 0.5 // throttled / all calls against the ceiling
	maxQueryCPU      = time.Second
	maxQueryRSSBytes = 96_000_000
	perCertBenchSize = "certs=10000"
)

func (r *results) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmark results\n\n")
	fmt.Fprintf(&b, "Written by `make bench` (`bench/run.sh`) on %s; it took %s. Terraform measurements are medians of %d runs, "+
		"each against a fresh emulator process answering after %s; Go benchmarks are medians of their `-count` runs. "+
		"How to read them, and why the targets not met are not: [README.md](README.md).\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), r.took.Round(time.Second), r.runs, r.latency)
	fmt.Fprintf(&b, "## Machine\n\n%s\n", r.machine)

	fmt.Fprintf(&b, "## Targets\n\n| target | limit | measured | measured / limit | met |\n| --- | --- | --- | --- | --- |\n")
	row := func(target, limit, measured string, ratio float64, met bool) {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", target, limit, measured, fixed(ratio, 2), yes(met))
	}
	g := r.gobench
	decode := g.get("BenchmarkDecodeCertificates/"+perCertBenchSize, "ns/cert")
	convert := g.get("BenchmarkConvertCertificates/"+perCertBenchSize, "ns/cert")
	perCert := decode + convert
	row("provider work per certificate: decode + convert + state (10,000-certificate job, Go benchmarks)", "2 µs",
		fmt.Sprintf("%.1f µs (decode %.1f + convert, state and msgpack %.1f)", perCert/1000, decode/1000, convert/1000),
		perCert/maxNsPerCert, perCert <= maxNsPerCert)
	for _, name := range []string{"BenchmarkDecodeCertificates", "BenchmarkConvertCertificates", "BenchmarkReadCertificates"} {
		few, many := g.get(name+"/certs=100", "allocs/cert"), g.get(name+"/certs=10000", "allocs/cert")
		row(fmt.Sprintf("allocations per certificate bounded (%s, 100 → 10,000 certificates)", strings.TrimPrefix(name, "Benchmark")),
			"no growth", fmt.Sprintf("%.1f → %.1f", few, many), many/few, many <= few*1.05)
	}
	// Less a plan reading one small job: the same provider starts, the same
	// calls, so what is left is the cost of the certificates.
	small := r.plan(1, parallelisms[0])
	bigCPU := median(r.big.cpu) - median(small.cpu)
	row(fmt.Sprintf("%d-certificate job read: provider CPU (terraform plan, less a plan reading a %d-certificate job)", bigJobCerts, certsPerJob), "50 ms",
		fmt.Sprintf("%s (%s less %s)", ms(bigCPU), ms(median(r.big.cpu)), ms(median(small.cpu))),
		float64(bigCPU)/float64(maxBigReadCPU), bigCPU < maxBigReadCPU)
	inProcess := time.Duration(g.get("BenchmarkReadCertificates/"+perCertBenchSize, "ns/op"))
	row(fmt.Sprintf("%d-certificate job read: the whole read in-process (BenchmarkReadCertificates)", bigJobCerts), "50 ms",
		ms(inProcess), float64(inProcess)/float64(maxBigReadCPU), inProcess < maxBigReadCPU)
	rss := slices.Max(r.big.rssKiB) * 1024
	row(fmt.Sprintf("%d-certificate job read: provider peak RSS (largest of the runs)", bigJobCerts), "64 MB",
		fmt.Sprintf("%.1f MB", float64(rss)/1e6), float64(rss)/maxRSSBytes, rss < maxRSSBytes)
	if r.querySkip == "" {
		cpu, rss := median(r.query.cpu), median(r.query.rssKiB)*1024
		row(fmt.Sprintf("`terraform query` of %d certificates: provider CPU (user + system, all starts, median)", queryCerts), "1 s",
			ms(cpu), float64(cpu)/float64(maxQueryCPU), cpu < maxQueryCPU)
		row(fmt.Sprintf("`terraform query` of %d certificates: provider peak RSS (median)", queryCerts), "96 MB",
			fmt.Sprintf("%.1f MB", float64(rss)/1e6), float64(rss)/maxQueryRSSBytes, rss < maxQueryRSSBytes)
	} else {
		fmt.Fprintf(&b, "| `terraform query` of %d certificates: provider CPU and peak RSS | 1 s, 96 MB | not measured: %s | – | – |\n",
			queryCerts, r.querySkip)
	}
	callRatio := g.get("BenchmarkReadVersusRoundTrip", "read/bare")
	row("one read against the in-process emulator / a bare signed round trip", "1.2×",
		fmt.Sprintf("%.2f× (%.0f µs / %.0f µs)", callRatio, g.get("BenchmarkReadVersusRoundTrip", "read-ns/call")/1000,
			g.get("BenchmarkReadVersusRoundTrip", "bare-ns/call")/1000), callRatio/maxCallRatio, callRatio <= maxCallRatio)
	for _, m := range r.plans {
		if m.n == 0 {
			continue
		}
		ratio := float64(median(m.wall)) / float64(r.floor(m))
		row(fmt.Sprintf("plan, N=%d data sources, P=%d: wall / (plan with none + ⌈N/P⌉×L)", m.n, m.p), "1.3×",
			fmt.Sprintf("%.2f× (%s / %s)", ratio, ms(median(m.wall)), ms(r.floor(m))), ratio/maxPlanRatio, ratio <= maxPlanRatio)
	}
	one, hundred := r.plan(1, parallelisms[0]), r.plan(100, parallelisms[0])
	scale := float64(median(hundred.wall)) / float64(median(one.wall))
	row(fmt.Sprintf("plan, 100 data sources / 1 data source, no ceiling, default settings, P=%d (medians)", parallelisms[0]), "3.5×",
		fmt.Sprintf("%.2f× (%s / %s)", scale, ms(median(hundred.wall)), ms(median(one.wall))), scale/maxScaleRatio, scale <= maxScaleRatio)
	// Each read is one call answered OK; the ceiling is the only fault, so
	// every other call was throttled.
	worst := slices.Max(r.ceiling.calls)
	share := float64(worst-int64(ceilingSources)) / float64(worst)
	row(fmt.Sprintf("plan, %d data sources against %d calls a second, default settings: all read, throttled / all calls (worst run)",
		ceilingSources, ceilingQPS), "< 0.5", fmt.Sprintf("%.2f (%d of %d calls)", share, worst-int64(ceilingSources), worst),
		share/maxThrottleShare, share < maxThrottleShare)
	for _, m := range r.plans {
		if m.n == 0 {
			continue
		}
		conns := slices.Max(m.conns)
		row(fmt.Sprintf("TCP connections, N=%d, P=%d (largest over the runs)", m.n, m.p), fmt.Sprintf("≤ P = %d", m.p),
			fmt.Sprint(conns), float64(conns)/float64(m.p), conns <= int64(m.p))
	}
	row("release binary (`-trimpath -ldflags \"-s -w\"`)", "25 MB", fmt.Sprintf("%.1f MB", float64(r.binaryBytes)/1e6),
		float64(r.binaryBytes)/maxBinaryBytes, r.binaryBytes <= maxBinaryBytes)
	schemaRatio := float64(median(r.schemaAlicas)) / float64(median(r.schemaEmpty))
	row("`terraform providers schema -json`: alicas / a provider with an empty schema", "1.10×",
		fmt.Sprintf("%.2f× (%s / %s)", schemaRatio, msFine(median(r.schemaAlicas)), msFine(median(r.schemaEmpty))),
		schemaRatio/maxSchemaRatio, schemaRatio <= maxSchemaRatio)

	fmt.Fprintf(&b, "\n## Terraform plans\n\n")
	fmt.Fprintf(&b, "`terraform plan` of N `alicas_deployment_job_certs` data sources (%d certificates each), emulator latency L = %s, "+
		"`-parallelism=P`. Floor = median plan with no data source + ⌈N/P⌉×L. Provider CPU is user + system time summed over "+
		"every provider process the command started (\"starts\"); peak RSS is the largest of them. Calls and connections are "+
		"the emulator's counts. Medians of %d runs; calls and connections as min–max.\n\n", certsPerJob, r.latency, r.runs)
	fmt.Fprintf(&b, "| N | P | wall | floor | wall / floor | provider CPU | provider CPU / N | starts | peak RSS | calls | connections |\n")
	fmt.Fprintf(&b, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, m := range append(slices.Clone(r.plans), r.ceiling, r.big) {
		n, p := fmt.Sprint(m.n), fmt.Sprint(m.p)
		if m.n == 0 && m.p == 0 {
			n, p = fmt.Sprintf("1 (%d certificates)", bigJobCerts), fmt.Sprint(parallelisms[0])
		}
		if m.qps > 0 {
			n = fmt.Sprintf("%d (ceiling %d calls/s)", m.n, m.qps)
		}
		perSource := "–"
		if m.n > 0 {
			perSource = msFine(median(m.cpu) / time.Duration(m.n))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %.2f× | %s | %s | %d | %.1f MB | %s | %s |\n", n, p, ms(median(m.wall)), ms(r.floor(m)),
			float64(median(m.wall))/float64(r.floor(m)), ms(median(m.cpu)), perSource, median(m.starts),
			float64(slices.Max(m.rssKiB))*1024/1e6, span(m.calls), span(m.conns))
	}

	fmt.Fprintf(&b, "\n## terraform query\n\n")
	if r.querySkip != "" {
		fmt.Fprintf(&b, "Not measured: %s. Set BENCH_QUERY_TERRAFORM to a terraform CLI of 1.14 or later.\n", r.querySkip)
	} else {
		m := r.query
		fmt.Fprintf(&b, "`terraform query` (%s) of `list \"alicas_certificate\" \"all\" { provider = alicas, limit = %d }` against an emulator "+
			"holding %d synthetic certificates beside its samples (`-synthetic-certificates`), latency L = %s: %d pages of "+
			"`ListUserCertificateOrder`, each run checked to list %d. Provider CPU is user + system time summed over every provider "+
			"process the command started; medians of %d runs (peak RSS: median, and the largest).\n\n",
			r.queryCLI, queryCerts, queryCerts, r.latency, queryCerts/50, queryCerts, r.runs)
		fmt.Fprintf(&b, "| certificates | wall | provider CPU | provider CPU per certificate | starts | peak RSS (median, largest) | calls | connections |\n")
		fmt.Fprintf(&b, "| --- | --- | --- | --- | --- | --- | --- | --- |\n")
		fmt.Fprintf(&b, "| %d | %s | %s | %.0f µs | %d | %.1f MB, %.1f MB | %s | %s |\n", m.n, ms(median(m.wall)), ms(median(m.cpu)),
			float64(median(m.cpu))/float64(time.Microsecond)/float64(m.n), median(m.starts), float64(median(m.rssKiB))*1024/1e6,
			float64(slices.Max(m.rssKiB))*1024/1e6, span(m.calls), span(m.conns))
	}
	fmt.Fprintf(&b, "\nIn-process (BenchmarkQueryCertificates, internal/provider): the same %d certificates listed from pages the emulator "+
		"answered, replayed, so that only the provider's work counts. List: the list resource's `List`, its stream consumed. "+
		"Protocol: `ListResource` through the protocol-6 server Terraform talks to (the list block decoded, each identity "+
		"encoded), without gRPC.\n\n| way | time per query | per certificate | allocations per certificate | bytes per query |\n"+
		"| --- | --- | --- | --- | --- |\n", queryCerts)
	for _, way := range []string{"List", "protocol"} {
		full := fmt.Sprintf("BenchmarkQueryCertificates/%s/certs=%d", way, queryCerts)
		fmt.Fprintf(&b, "| %s | %s | %.1f µs | %.1f | %.0f |\n", way, duration(g.get(full, "ns/op")), g.get(full, "ns/cert")/1000,
			g.get(full, "allocs/cert"), g.get(full, "B/op"))
	}

	fmt.Fprintf(&b, "\n## Go benchmarks\n\n")
	fmt.Fprintf(&b, "`go test -bench` medians. Decode: the answer body to `[]DeploymentJobCert` (internal/cas). List: one call "+
		"through the API client from a server answering prepared bytes (signing, SDK, HTTP, decode). Convert: certificates to "+
		"the state Terraform receives, msgpack included. Read: one `ReadDataSource` through the protocol server Terraform talks "+
		"to (everything the provider does for a read, the framework's own steps included), from a server answering prepared "+
		"bytes.\n\n")
	fmt.Fprintf(&b, "| benchmark | certificates | time per read | per certificate | allocations per certificate | bytes per read |\n")
	fmt.Fprintf(&b, "| --- | --- | --- | --- | --- | --- |\n")
	for _, name := range []string{"DecodeCertificates", "ListCertificates", "ConvertCertificates", "ReadCertificates"} {
		for _, size := range []string{"1", "100", "10000"} {
			full := "Benchmark" + name + "/certs=" + size
			if g[full] == nil {
				continue
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %.2f µs | %.1f | %.0f |\n", name, size, duration(g.get(full, "ns/op")),
				g.get(full, "ns/cert")/1000, g.get(full, "allocs/cert"), g.get(full, "B/op"))
		}
	}
	fmt.Fprintf(&b, "\nOne read of job 8888 (5 certificates) against the in-process emulator, the three ways timed alternately "+
		"in one loop (BenchmarkReadVersusRoundTrip):\n\n| way | per call | / bare |\n| --- | --- | --- |\n")
	for _, w := range [][3]string{{"bare signed HTTP round trip (the floor)", "bare-ns/call", ""},
		{"API client call (`cas.Client`)", "client-ns/call", "client/bare"},
		{"whole data source read (protocol server)", "read-ns/call", "read/bare"}} {
		ratio := "1.00×"
		if w[2] != "" {
			ratio = fmt.Sprintf("%.2f×", g.get("BenchmarkReadVersusRoundTrip", w[2]))
		}
		fmt.Fprintf(&b, "| %s | %.0f µs | %s |\n", w[0], g.get("BenchmarkReadVersusRoundTrip", w[1])/1000, ratio)
	}
	fmt.Fprintf(&b, "\n## Schema loading\n\n`terraform providers schema -json`, %d runs each, alternating: alicas %s, empty provider %s "+
		"(medians; fastest %s and %s).\n", len(r.schemaAlicas), msFine(median(r.schemaAlicas)), msFine(median(r.schemaEmpty)),
		msFine(slices.Min(r.schemaAlicas)), msFine(slices.Min(r.schemaEmpty)))
	return b.String()
}

func (r *results) plan(n, p int) measurement {
	for _, m := range r.plans {
		if m.n == n && m.p == p {
			return m
		}
	}
	return measurement{wall: []time.Duration{0}, cpu: []time.Duration{0}}
}

// floor is the plan with no data source plus one latency per wave of P reads.
func (r *results) floor(m measurement) time.Duration {
	n, p := m.n, m.p
	if n == 0 && p == 0 { // the big job: one read
		n, p = 1, parallelisms[0]
	}
	waves := (n + p - 1) / p
	return median(r.plan(0, parallelisms[0]).wall) + time.Duration(waves)*r.latency
}

func span(vs []int64) string {
	lo, hi := slices.Min(vs), slices.Max(vs)
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

func yes(met bool) string {
	if met {
		return "yes"
	}
	return "**no**"
}

func fixed(v float64, digits int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	return fmt.Sprintf("%.*f", digits, v)
}

func msFine(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func duration(ns float64) string {
	switch {
	case math.IsNaN(ns):
		return "–"
	case ns >= 1e6:
		return fmt.Sprintf("%.1f ms", ns/1e6)
	default:
		return fmt.Sprintf("%.0f µs", ns/1e3)
	}
}
