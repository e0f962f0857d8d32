//go:build !unix

package main

import "os/exec"

// killGroup keeps the default cancellation (the go command only).
func killGroup(*exec.Cmd) {}
