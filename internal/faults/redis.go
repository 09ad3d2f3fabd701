package faults

import (
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// Redis is a private redis-server with nothing kept on disk.
type Redis struct {
	tb   testing.TB
	port int
	cmd  *exec.Cmd
	done chan struct{}
}

// StartRedis starts redis-server on a free port; it is killed when the test
// ends.
func StartRedis(tb testing.TB) *Redis {
	tb.Helper()
	r := &Redis{tb: tb, port: FreePort(tb)}
	tb.Cleanup(r.Kill)
	r.Start()
	return r
}

// URL is the server's redis:// URL.
func (r *Redis) URL() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", r.port) }

// Start runs the server (again) and waits until it accepts connections.
func (r *Redis) Start() {
	r.tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		r.tb.Fatal("redis-server is not installed")
	}
	cmd := exec.Command(bin, "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "no", "--daemonize", "no", "--loglevel", "warning")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		r.tb.Fatalf("start redis: %v", err)
	}
	r.cmd, r.done = cmd, make(chan struct{})
	go func(done chan struct{}) { cmd.Wait(); close(done) }(r.done)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", r.port), time.Second); err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			r.tb.Fatal("redis did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (r *Redis) signal(sig syscall.Signal) {
	if r.cmd != nil && r.cmd.Process != nil {
		syscall.Kill(-r.cmd.Process.Pid, sig)
	}
}

// Kill crashes the server and waits for it.
func (r *Redis) Kill() {
	if r.cmd == nil {
		return
	}
	r.signal(syscall.SIGKILL)
	r.signal(syscall.SIGCONT)
	<-r.done
	r.cmd = nil
}
