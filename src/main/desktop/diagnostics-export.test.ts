import { describe, expect, it } from 'vitest'
import { forgetSecretsInUse, rememberSecret } from '../../shared/secrets-in-use'
import { DEFAULT_SETTINGS } from '../../shared/settings'
import { diagnosticsReport } from './diagnostics-export'

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

describe('the diagnostics report', () => {
  it('holds versions, platform, settings, connections without secrets, transfer states and the log', () => {
    rememberSecret(SECRET)
    try {
      const text = diagnosticsReport({
        exportedAt: '2026-12-07T06:00:00.000Z',
        versions: { Ferry: '0.1.0', Electron: '41.7.1' },
        platform: 'linux x64 (6.1.0)',
        settings: DEFAULT_SETTINGS,
        connections: [
          {
            id: 'c1',
            name: 'ceph',
            endpoint: 'https://admin:hunter22@s3.example.com/',
            region: 'us-east-1',
            pathStyle: true,
            profile: '',
            accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
            defaultBucket: '',
            publicUrlBase: '',
            proxy: 'http://proxy.example:3128',
            caFile: '/etc/ferry/ca.pem',
            hasSecret: true,
            secretStorage: 'keychain',
          },
        ],
        transfers: [],
        log: `2026-12-07T05:59:00.000Z ERROR upload failed: ${SECRET}\n`,
      })
      const report = JSON.parse(text) as Record<string, unknown>
      expect(report['versions']).toEqual({ Ferry: '0.1.0', Electron: '41.7.1' })
      expect(report['platform']).toBe('linux x64 (6.1.0)')
      expect(report['settings']).toEqual(DEFAULT_SETTINGS)
      expect(report['connections']).toEqual([
        {
          name: 'ceph',
          endpoint: 'https://s3.example.com/',
          region: 'us-east-1',
          pathStyle: true,
          credentials: 'access key',
          accessKeyIdEnd: 'MPLE',
          secretStorage: 'keychain',
          proxy: 'http://proxy.example:3128/',
          caFile: '/etc/ferry/ca.pem',
        },
      ])
      expect(report['log']).toEqual(['2026-12-07T05:59:00.000Z ERROR upload failed: [redacted]'])
      expect(text).not.toContain(SECRET)
      expect(text).not.toContain('hunter22')
      expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE')
    } finally {
      forgetSecretsInUse()
    }
  })
})
