import { S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { createReadStream } from 'node:fs'
import { Agent } from 'node:http'
import { NodeHttpHandler } from '@smithy/node-http-handler'
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED='true'
const c = new S3Client({ endpoint: 'http://127.0.0.1:7581', region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'FERRYTESTACCESSKEY00', secretAccessKey: 'ferryTestSecretKey0000000000000000000000' }, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 50 }) }) })
const t = Date.now()
await new Upload({ client: c, params: { Bucket: 'smoke', Key: 'ls-1g', Body: createReadStream(process.argv[2]) }, partSize: 8 * 1024 * 1024, queueSize: 4 }).done()
console.log('lib-storage', (Date.now() - t) / 1000, 's')
