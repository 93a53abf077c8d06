// Command rusage stands in for a provider binary in a benchmark's
// dev_overrides directory: it runs the program named by ALICAS_BENCH_EXEC
// with its own arguments, environment and standard streams (so Terraform's
// plugin handshake passes through), waits for it, and appends the child's
// resource usage to the file ALICAS_BENCH_RUSAGE as one line:
//
//	utime_us stime_us maxrss_kb
//
// Terraform may start a provider several times per command; each start
// adds a line.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

func main() {
	code, err := run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "rusage:", err)
	}
	os.Exit(code)
}

func run() (int, error) {
	program, out := os.Getenv("ALICAS_BENCH_EXEC"), os.Getenv("ALICAS_BENCH_RUSAGE")
	if program == "" || out == "" {
		return 1, errors.New("set ALICAS_BENCH_EXEC (the program to run) and ALICAS_BENCH_RUSAGE (the file to append to)")
	}
	cmd := exec.Command(program, os.Args[1:]...) //nolint:gosec,noctx // running the named program is the point; it ends when Terraform stops it
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return 1, err
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	waitErr := cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return code, errors.New("no resource usage on this platform")
	}
	f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600) //nolint:gosec // the file the benchmark named
	if err != nil {
		return code, err
	}
	_, err = fmt.Fprintf(f, "%d %d %d\n", usage.Utime.Nano()/1000, usage.Stime.Nano()/1000, usage.Maxrss)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) {
		return code, waitErr
	}
	return code, err
}
