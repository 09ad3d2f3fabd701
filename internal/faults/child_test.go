package faults_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/config"
	"mais/internal/faults"
)

// childEnv makes the test binary serve MAIS from its environment instead of
// running tests: a process the suite can kill -9.
const childEnv = "MAIS_FAULTS_CHILD"

func runChild() int {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := a.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// child is a MAIS process started from this test binary.
type child struct {
	url string
	cmd *exec.Cmd
}

// startChild runs MAIS in a child process with env over baseEnv and waits
// until it is ready.
func startChild(t *testing.T, env map[string]string) *child {
	t.Helper()
	port := faults.FreePort(t)
	vars := baseEnv(t)
	vars["PORT"] = fmt.Sprint(port)
	for k, v := range env {
		vars[k] = v
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if os.Getenv("MAIS_TEST_LOG") != "" {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{url: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
	t.Cleanup(func() { c.kill() })
	if _, ok := eventually(30*time.Second, func() bool { return send(c.url, "GET", "/health/ready", nil, "").status == 200 }); !ok {
		t.Fatal("child process did not become ready")
	}
	return c
}

// kill ends the process with SIGKILL: no shutdown, no cleanup, like a crash.
func (c *child) kill() {
	if c.cmd.ProcessState == nil {
		c.cmd.Process.Kill()
		c.cmd.Wait()
	}
}
