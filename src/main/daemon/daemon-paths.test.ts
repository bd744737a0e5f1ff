import { describe, expect, it } from 'vitest'
import { checkSocketPath, daemonPaths, socketOption } from './daemon-paths'

describe('daemonPaths', () => {
  it('keeps the socket, lock, queue and timing log in one folder of the state folder', () => {
    expect(daemonPaths('/s', { platform: 'linux' })).toEqual({
      dir: '/s/daemon',
      socket: '/s/daemon/ferry.sock',
      lock: '/s/daemon/daemon.lock',
      queue: '/s/daemon/queue.jsonl',
      timings: '/s/daemon/timings.jsonl',
    })
  })

  it('uses a named pipe per user on Windows, and --socket when given', () => {
    expect(daemonPaths('/s', { platform: 'win32', user: 'ann lee' }).socket).toBe(
      '\\\\.\\pipe\\ferry-ann_lee',
    )
    expect(daemonPaths('/s', { platform: 'linux', socket: '/run/f.sock' }).socket).toBe('/run/f.sock')
    expect(socketOption(undefined, { FERRY_DAEMON_SOCKET: '/e.sock' })).toBe('/e.sock')
    expect(socketOption('/f.sock', { FERRY_DAEMON_SOCKET: '/e.sock' })).toBe('/f.sock')
    expect(socketOption(undefined, {})).toBeUndefined()
  })

  it('refuses a socket path the kernel would truncate', () => {
    expect(() => checkSocketPath(`/${'x'.repeat(106)}`, 'linux')).not.toThrow()
    expect(() => checkSocketPath(`/${'x'.repeat(107)}`, 'linux')).toThrow(/108 bytes long|allow 107/)
    expect(() => checkSocketPath(`/${'x'.repeat(103)}`, 'darwin')).toThrow(/allow 103/)
  })
})
