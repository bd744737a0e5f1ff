import { describe, expect, it } from 'vitest'
import { socketCodeIn } from './naming-proxy-agent'

describe('socketCodeIn: the code a SOCKS error only spells in its message', () => {
  it('reads the socket code socks-proxy-agent puts in its message', () => {
    expect(socketCodeIn('connect ECONNREFUSED 127.0.0.1:1080')).toBe('ECONNREFUSED')
    expect(socketCodeIn('getaddrinfo ENOTFOUND proxy.corp')).toBe('ENOTFOUND')
    expect(socketCodeIn('Socks5 proxy rejected connection - HostUnreachable')).toBeUndefined()
  })
})
