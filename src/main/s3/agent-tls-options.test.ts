import { Agent as HttpsAgent } from 'node:https'
import { createSecureContext } from 'node:tls'
import { describe, expect, it } from 'vitest'
import { agentTlsOptions } from './agent-tls-options'
import { networkAgents } from './network-agents'

describe('agentTlsOptions', () => {
  it("passes the agent's own secure context and never relaxes the certificate checks", () => {
    const secureContext = createSecureContext()
    const agent = new HttpsAgent({ keepAlive: true, secureContext })
    const options = agentTlsOptions(agent, 's3.example.com', 8443)
    expect(options.secureContext).toBe(secureContext)
    expect(options).toMatchObject({ host: 's3.example.com', port: 8443, servername: 's3.example.com' })
    expect(options.rejectUnauthorized).toBeUndefined()
    expect(options.checkServerIdentity).toBeUndefined()
  })

  it("sends no server name for an IP address, as Node's agent does", () => {
    const { httpsAgent } = networkAgents({ keepAlive: true, maxSockets: 1 }, { proxy: 'none' }, {})
    expect(agentTlsOptions(httpsAgent, '127.0.0.1', 443)).not.toHaveProperty('servername')
    expect(agentTlsOptions(httpsAgent, '::1', 443)).not.toHaveProperty('servername')
    expect(agentTlsOptions(httpsAgent, 'localhost', 443).servername).toBe('localhost')
  })
})
