// Command benchrun measures the provider as Terraform uses it and writes
// bench/RESULTS.md: it runs the real terraform CLI against the emulator
// (a separate process, with latency) for plans of N data sources, reads a
// 10,000-certificate job, times `terraform providers schema` against the
// provider and an empty one, and adds the Go benchmarks' medians (from the
// file -gobench). bench/run.sh builds what it needs and calls it.
//
// Provider CPU time and peak RSS come from the rusage wrapper
// (bench/cmd/rusage) that Terraform starts in the provider's place: CPU is
// summed over every provider process one command starts, RSS is the largest.
// Calls and connections are the emulator's own counts, logged when it stops.
package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

type options struct {
	bin, work, out, gobench, terraform string
	queryTerraform, querySkip          string // the CLI for `terraform query`, or why there is none
	runs, schemaRuns                   int
	since                              int64
	latency                            time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "", "directory with terraform-provider-alicas (release build), alicas-emulator, rusage and emptyprovider")
	flag.StringVar(&o.work, "work", "", "scratch directory")
	flag.StringVar(&o.out, "out", "bench/RESULTS.md", "markdown file to write")
	flag.StringVar(&o.gobench, "gobench", "", "output of the Go benchmarks (go test -bench)")
	flag.StringVar(&o.terraform, "terraform", "terraform", "terraform CLI")
	flag.StringVar(&o.queryTerraform, "query-terraform", "", "terraform CLI (1.14 or later) for `terraform query`; empty: skip it")
	flag.StringVar(&o.querySkip, "query-skip", "", "why there is no -query-terraform, for RESULTS.md")
	flag.IntVar(&o.runs, "runs", 5, "runs of each terraform measurement (medians are reported)")
	flag.IntVar(&o.schemaRuns, "schema-runs", 15, "runs of each `terraform providers schema`")
	flag.DurationVar(&o.latency, "latency", 25*time.Millisecond, "emulator latency per answer")
	flag.Int64Var(&o.since, "since", 0, "Unix time the whole benchmark started (default: now)")
	flag.Parse()
	if o.bin == "" || o.work == "" || o.gobench == "" {
		fmt.Fprintln(os.Stderr, "benchrun: -bin, -work and -gobench are required")
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		os.Exit(1)
	}
}

// Plans measured: N data sources at parallelism P; and ceilingSources
// data sources against an emulator that throttles beyond ceilingQPS calls a
// second.
var (
	planSizes      = []int{0, 1, 10, 100, 1000}
	parallelisms   = []int{10, 4}
	bigJobCerts    = 10_000
	certsPerJob    = 3
	maxPlanSource  = 1000
	ceilingSources = 50
	ceilingQPS     = 10
	queryCerts     = 10_000 // certificates `terraform query` lists
)

func run(o options) error {
	started := time.Now()
	if o.since > 0 {
		started = time.Unix(o.since, 0)
	}
	b, err := setUp(o)
	if err != nil {
		return err
	}
	var r results
	r.machine = describeMachine(o)
	if r.gobench, err = readGoBench(o.gobench); err != nil {
		return err
	}
	if info, err := os.Stat(filepath.Join(o.bin, "terraform-provider-alicas")); err == nil {
		r.binaryBytes = info.Size()
	} else {
		return err
	}
	for _, p := range parallelisms {
		for _, n := range planSizes {
			if p != parallelisms[0] && n < 100 {
				continue // a lower P matters where there is more to read than P at once
			}
			m, err := b.measurePlan(fmt.Sprintf("plan-%d", n), b.jobsFixture, p, 0)
			if err != nil {
				return fmt.Errorf("plan of %d data sources at -parallelism=%d: %w", n, p, err)
			}
			m.n, m.p = n, p
			r.plans = append(r.plans, m)
			fmt.Fprintf(os.Stderr, "  N=%-4d P=%-2d wall %s, provider CPU %s, calls %v, connections %v\n", n, p,
				ms(median(m.wall)), ms(median(m.cpu)), m.calls, m.conns)
		}
	}
	if r.ceiling, err = b.measurePlan(fmt.Sprintf("plan-%d", ceilingSources), b.jobsFixture, parallelisms[0], ceilingQPS); err != nil {
		return fmt.Errorf("plan of %d data sources against a ceiling of %d calls a second: %w", ceilingSources, ceilingQPS, err)
	}
	r.ceiling.n, r.ceiling.p, r.ceiling.qps = ceilingSources, parallelisms[0], ceilingQPS
	fmt.Fprintf(os.Stderr, "  N=%d against %d calls/s: wall %s, calls %v (each read is one OK call; the rest were throttled)\n",
		ceilingSources, ceilingQPS, ms(median(r.ceiling.wall)), r.ceiling.calls)
	if r.big, err = b.measurePlan("big", b.bigFixture, parallelisms[0], 0); err != nil {
		return fmt.Errorf("reading a %d-certificate job: %w", bigJobCerts, err)
	}
	fmt.Fprintf(os.Stderr, "  %d certificates: wall %s, provider CPU %s, peak RSS %d KiB\n", bigJobCerts,
		ms(median(r.big.wall)), ms(median(r.big.cpu)), slices.Max(r.big.rssKiB))
	if r.query, r.queryCLI, r.querySkip, err = b.measureQuery(); err != nil {
		return fmt.Errorf("terraform query of %d certificates: %w", queryCerts, err)
	}
	if r.querySkip == "" {
		fmt.Fprintf(os.Stderr, "  terraform query of %d certificates: wall %s, provider CPU %s, peak RSS %d KiB\n", queryCerts,
			ms(median(r.query.wall)), ms(median(r.query.cpu)), median(r.query.rssKiB))
	}
	if r.schemaAlicas, r.schemaEmpty, err = b.measureSchema(o.schemaRuns); err != nil {
		return err
	}
	r.took = time.Since(started)
	r.latency, r.runs = o.latency, o.runs
	return os.WriteFile(o.out, []byte(r.markdown()), 0o600)
}

// bench is the prepared scratch directory.
type bench struct {
	o                       options
	jobsFixture, bigFixture string
}

func setUp(o options) (*bench, error) {
	b := &bench{o: o, jobsFixture: filepath.Join(o.work, "jobs.json"), bigFixture: filepath.Join(o.work, "big.json")}
	binaries := map[string]string{ // where terraform finds it: what it is
		"wrap/terraform-provider-alicas": "rusage", "real/terraform-provider-alicas": "terraform-provider-alicas",
		"empty/terraform-provider-empty": "emptyprovider",
	}
	for dst, src := range binaries {
		if err := copyFile(filepath.Join(o.bin, src), filepath.Join(o.work, dst)); err != nil {
			return nil, err
		}
	}
	for name, f := range map[string]*emulator.Fixture{
		b.jobsFixture: emulator.SyntheticFixture(maxPlanSource, certsPerJob),
		b.bigFixture:  emulator.SyntheticFixture(1, bigJobCerts),
	} {
		data, err := json.Marshal(f)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(name, data, 0o600); err != nil {
			return nil, err
		}
	}
	rc := func(overrides ...string) string {
		return "provider_installation {\n  dev_overrides {\n" + strings.Join(overrides, "") + "  }\n  direct {}\n}\n"
	}
	override := func(source, dir string) string {
		return fmt.Sprintf("    %q = %q\n", "registry.terraform.io/alicas/"+source, filepath.Join(o.work, dir))
	}
	const required = "terraform {\n  required_providers {\n    %s = { source = \"alicas/%s\" }\n  }\n}\n"
	// The default settings: no fixed rate, the pace adapts to throttling
	// alone, so with no ceiling nothing holds the reads back.
	const provider = "provider \"alicas\" {}\n"
	const dataSources = "data \"alicas_deployment_job_certs\" \"job\" {\n  count  = %d\n  job_id = count.index + 1\n}\n"
	write := map[string]string{
		"terraformrc-plan":      rc(override("alicas", "wrap")),
		"terraformrc-schema":    rc(override("alicas", "real"), override("empty", "empty")),
		"schema-alicas/main.tf": fmt.Sprintf(required, "alicas", "alicas"),
		"schema-empty/main.tf":  fmt.Sprintf(required, "empty", "empty"),
		"big/main.tf":           fmt.Sprintf(required, "alicas", "alicas") + provider + fmt.Sprintf(dataSources, 1),
		"query/main.tf":         fmt.Sprintf(required, "alicas", "alicas") + provider,
		// A list block returns 100 results unless its limit says otherwise.
		"query/all.tfquery.hcl": fmt.Sprintf("list \"alicas_certificate\" \"all\" {\n  provider = alicas\n  limit    = %d\n}\n", queryCerts),
	}
	for _, n := range append(slices.Clone(planSizes), ceilingSources) {
		config := fmt.Sprintf(required, "alicas", "alicas") + provider
		if n > 0 {
			config += fmt.Sprintf(dataSources, n)
		}
		write[fmt.Sprintf("plan-%d/main.tf", n)] = config
	}
	for name, content := range write {
		path := filepath.Join(o.work, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src) //nolint:gosec // a binary this benchmark built
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o700) //nolint:gosec // an executable, for terraform to start
}

// measurement is one terraform command, run several times.
type measurement struct {
	n, p, qps    int // qps: the emulator's ceiling, 0 for none
	wall, cpu    []time.Duration
	rssKiB       []int64
	starts       []int // provider processes started
	calls, conns []int64
}

// measurePlan runs `terraform plan` in dir against a fresh emulator serving
// fixture (throttling beyond qps calls a second unless 0), o.runs times.
func (b *bench) measurePlan(dir, fixture string, parallelism, qps int) (measurement, error) {
	m, _, err := b.measure(b.o.terraform, []string{"-data", fixture, "-qps", strconv.Itoa(qps)},
		"-chdir="+filepath.Join(b.o.work, dir), "plan", "-input=false", "-no-color", "-lock=false", fmt.Sprintf("-parallelism=%d", parallelism))
	return m, err
}

// measureQuery runs `terraform query` of queryCerts certificates with the
// query CLI, against a fresh emulator holding as many synthetic ones,
// o.runs times; without a CLI new enough it says why it did not.
func (b *bench) measureQuery() (m measurement, cli, skip string, err error) {
	if b.o.queryTerraform == "" {
		return m, "", "no terraform CLI for `terraform query`: " + cmp.Or(b.o.querySkip, "none given"), nil
	}
	cli = terraformVersion(b.o.queryTerraform)
	var major, minor int
	if _, err := fmt.Sscanf(cli, "Terraform v%d.%d", &major, &minor); err != nil || major < 1 || (major == 1 && minor < 14) {
		return m, cli, fmt.Sprintf("%s (%s) cannot run `terraform query`, which needs 1.14 or later", b.o.queryTerraform, cli), nil
	}
	m, outputs, err := b.measure(b.o.queryTerraform, []string{"-synthetic-certificates", strconv.Itoa(queryCerts)},
		"-chdir="+filepath.Join(b.o.work, "query"), "query", "-no-color")
	if err != nil {
		return m, cli, "", err
	}
	for i, out := range outputs {
		if found := strings.Count(out, "\nlist.alicas_certificate.all "); found != queryCerts {
			return m, cli, "", fmt.Errorf("run %d listed %d certificates, want %d:\n%s", i+1, found, queryCerts, lastLines(out, 20))
		}
	}
	m.n = queryCerts
	return m, cli, "", nil
}

// measure runs one terraform command against a fresh emulator (the
// emulator's own arguments besides address and latency), o.runs times,
// and returns what it measured and each run's output.
func (b *bench) measure(terraform string, emulatorArgs []string, args ...string) (measurement, []string, error) {
	var m measurement
	var outputs []string
	for range b.o.runs {
		emu, err := startEmulator(filepath.Join(b.o.bin, "alicas-emulator"), b.o.latency, emulatorArgs...)
		if err != nil {
			return m, nil, err
		}
		usage := filepath.Join(b.o.work, "rusage.txt")
		_ = os.Remove(usage)
		env := append(baseEnv(filepath.Join(b.o.work, "terraformrc-plan")),
			"ALIBABA_CLOUD_ENDPOINT_CAS="+emu.url,
			"ALICLOUD_ACCESS_KEY="+emulator.DefaultAccessKeyID,
			"ALICLOUD_SECRET_KEY="+emulator.DefaultAccessKeySecret,
			"ALICAS_BENCH_EXEC="+filepath.Join(b.o.bin, "terraform-provider-alicas"),
			"ALICAS_BENCH_RUSAGE="+usage)
		wall, out, err := runTerraform(terraform, env, args...)
		calls, conns, stopErr := emu.stop()
		if err != nil {
			return m, nil, err
		}
		if stopErr != nil {
			return m, nil, stopErr
		}
		cpu, rss, starts, err := readUsage(usage)
		if err != nil {
			return m, nil, err
		}
		m.wall, m.cpu, m.rssKiB, m.starts = append(m.wall, wall), append(m.cpu, cpu), append(m.rssKiB, rss), append(m.starts, starts)
		m.calls, m.conns = append(m.calls, calls), append(m.conns, conns)
		outputs = append(outputs, out)
	}
	return m, outputs, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// measureSchema times `terraform providers schema -json` against the
// provider and against the empty one, alternately.
func (b *bench) measureSchema(runs int) (alicas, empty []time.Duration, err error) {
	env := baseEnv(filepath.Join(b.o.work, "terraformrc-schema"))
	for range runs {
		for _, which := range []string{"alicas", "empty"} {
			wall, _, err := runTerraform(b.o.terraform, env, "-chdir="+filepath.Join(b.o.work, "schema-"+which), "providers", "schema", "-json")
			if err != nil {
				return nil, nil, err
			}
			if which == "alicas" {
				alicas = append(alicas, wall)
			} else {
				empty = append(empty, wall)
			}
		}
	}
	return alicas, empty, nil
}

func baseEnv(cliConfig string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "ALICLOUD_") || strings.HasPrefix(name, "ALIBABA_CLOUD_") ||
			strings.HasPrefix(name, "ALIBABACLOUD_") || name == "CAS_ENDPOINT" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",                     // no version check over the network
		"ALIBABA_CLOUD_ECS_METADATA_DISABLED=true", // credentials from the environment only
		"ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true")
}

// runTerraform runs one command of the CLI terraform and returns its wall
// time and output.
func runTerraform(terraform string, env []string, args ...string) (time.Duration, string, error) {
	cmd := exec.CommandContext(context.Background(), terraform, args...) //nolint:gosec // the CLI under test
	cmd.Env = env
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return 0, "", fmt.Errorf("%s %s: %w\n%s", terraform, strings.Join(args, " "), err, out.String())
	}
	return wall, out.String(), nil
}

// readUsage sums the CPU time of every provider process the wrapper saw and
// takes the largest peak RSS.
func readUsage(path string) (cpu time.Duration, rssKiB int64, starts int, err error) {
	data, err := os.ReadFile(path) //nolint:gosec // the file this benchmark named
	if err != nil {
		return 0, 0, 0, fmt.Errorf("no resource usage recorded (did terraform start the provider?): %w", err)
	}
	for line := range strings.Lines(string(data)) {
		var user, sys, rss int64
		if _, err := fmt.Sscan(line, &user, &sys, &rss); err != nil {
			return 0, 0, 0, fmt.Errorf("%s: %q: %w", path, line, err)
		}
		cpu += time.Duration(user+sys) * time.Microsecond
		rssKiB = max(rssKiB, rss)
		starts++
	}
	return cpu, rssKiB, starts, nil
}

type emulatorProcess struct {
	cmd    *exec.Cmd
	url    string
	stderr *os.File
}

func startEmulator(program string, latency time.Duration, args ...string) (*emulatorProcess, error) {
	logFile, err := os.CreateTemp("", "alicas-emulator-*.log")
	if err != nil {
		return nil, err
	}
	args = append([]string{"-addr", "127.0.0.1:0", "-latency", latency.String()}, args...)
	cmd := exec.CommandContext(context.Background(), program, args...) //nolint:gosec // the emulator this benchmark built
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if err != nil || !ok {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		log, _ := os.ReadFile(logFile.Name())
		if err == nil {
			err = errors.New("no address announced")
		}
		return nil, fmt.Errorf("the emulator did not start (first line %q): %w\n%s", line, err, log)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return &emulatorProcess{cmd: cmd, url: url, stderr: logFile}, nil
}

var stoppedLine = regexp.MustCompile(`msg=stopped requests=(\d+) connections=(\d+)`)

// stop ends the emulator as an operator would (SIGTERM) and reads the
// counts it logs on the way out.
func (e *emulatorProcess) stop() (requests, connections int64, err error) {
	defer func() { _ = os.Remove(e.stderr.Name()) }()
	if err := e.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return 0, 0, err
	}
	if err := e.cmd.Wait(); err != nil {
		return 0, 0, fmt.Errorf("the emulator: %w", err)
	}
	_ = e.stderr.Close()
	log, err := os.ReadFile(e.stderr.Name())
	if err != nil {
		return 0, 0, err
	}
	m := stoppedLine.FindSubmatch(log)
	if m == nil {
		return 0, 0, errors.New("the emulator logged no counts when it stopped")
	}
	requests, _ = strconv.ParseInt(string(m[1]), 10, 64)
	connections, _ = strconv.ParseInt(string(m[2]), 10, 64)
	return requests, connections, nil
}

func describeMachine(o options) string {
	var b strings.Builder
	cpu := "unknown"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimLeft(name, " \t:"))
				break
			}
		}
	}
	mem := "unknown"
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kib int64
		if _, err := fmt.Sscanf(string(data), "MemTotal: %d kB", &kib); err == nil {
			mem = fmt.Sprintf("%.1f GiB", float64(kib)/(1<<20))
		}
	}
	load := "unknown"
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Join(strings.Fields(string(data))[:3], " ")
	}
	kernel := "unknown"
	if release, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = "Linux " + strings.TrimSpace(string(release))
	}
	tfVersion := terraformVersion(o.terraform)
	fmt.Fprintf(&b, "| | |\n| --- | --- |\n")
	fmt.Fprintf(&b, "| CPU | %s, %d cores (`runtime.NumCPU`) |\n", cpu, runtime.NumCPU())
	fmt.Fprintf(&b, "| memory | %s |\n| kernel | %s (%s/%s) |\n", mem, kernel, runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(&b, "| Go | %s |\n| Terraform | %s |\n", runtime.Version(), tfVersion)
	fmt.Fprintf(&b, "| load average when the CLI runs started | %s (the machine is shared; numbers move with it) |\n", load)
	return b.String()
}

// terraformVersion is the first line of `terraform version`, e.g. "Terraform v1.16.4".
func terraformVersion(terraform string) string {
	out, err := exec.CommandContext(context.Background(), terraform, "version").Output() //nolint:gosec // the CLI under test
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
}

// goBench holds every value a benchmark reported, by name then unit.
type goBench map[string]map[string][]float64

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(-\d+)?\s+\d+\s+(.*)$`)

func readGoBench(path string) (goBench, error) {
	data, err := os.ReadFile(path) //nolint:gosec // the file this benchmark named
	if err != nil {
		return nil, err
	}
	g := goBench{}
	for line := range strings.Lines(string(data)) {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		fields := strings.Fields(m[3])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			if g[m[1]] == nil {
				g[m[1]] = map[string][]float64{}
			}
			g[m[1]][fields[i+1]] = append(g[m[1]][fields[i+1]], v)
		}
	}
	if len(g) == 0 {
		return nil, fmt.Errorf("%s holds no benchmark results", path)
	}
	return g, nil
}

// get is the median of a benchmark's values in unit, NaN when missing.
func (g goBench) get(name, unit string) float64 {
	vs := g[name][unit]
	if len(vs) == 0 {
		return math.NaN()
	}
	return medianFloat(vs)
}

func medianFloat(vs []float64) float64 {
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func median[T int | int64 | time.Duration](vs []T) T {
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }
