import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalRequest, sha256Hex, signAwsRequest, signature } from './aws-sigv4.ts';

// PROVIDERS.md 3.2: the AWS documentation's IAM ListUsers worked example
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const AMZ_DATE = '20150830T123600Z';
const HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', Host: 'iam.amazonaws.com', 'X-Amz-Date': AMZ_DATE };
const REQUEST = { method: 'GET', pathAndQuery: '/?Action=ListUsers&Version=2010-05-08', headers: HEADERS, signedHeaders: ['content-type', 'host', 'x-amz-date'], payloadHash: sha256Hex('') };

describe('AWS SigV4 signer', () => {
  it('builds the canonical request of the IAM ListUsers example', () => {
    assert.equal(sha256Hex(canonicalRequest(REQUEST)), 'f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59');
  });

  it('computes the signature of the IAM ListUsers example', () => {
    assert.equal(signature({ ...REQUEST, amzDate: AMZ_DATE, region: 'us-east-1', service: 'iam', secretAccessKey: SECRET }), '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
  });

  it('signs a whole request into the same Authorization header, host taken from the URL', () => {
    const headers = signAwsRequest(
      { method: 'GET', url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: '' },
      { region: 'us-east-1', service: 'iam', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, now: new Date('2015-08-30T12:36:00Z') },
    );
    assert.deepEqual(headers, {
      'x-amz-date': AMZ_DATE,
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    });
  });

  it('signs the session token when there is one, which changes the signature', () => {
    const sign = (sessionToken?: string) =>
      signAwsRequest(
        { method: 'POST', url: 'https://email.eu-west-1.amazonaws.com/v2/email/outbound-emails', headers: { 'content-type': 'application/json' }, body: '{}' },
        { region: 'eu-west-1', service: 'ses', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken }, now: new Date('2015-08-30T12:36:00Z') },
      );
    const withToken = sign('token-1');
    assert.equal(withToken['x-amz-security-token'], 'token-1');
    assert.match(withToken.authorization ?? '', /SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,/);
    assert.notEqual(withToken.authorization, sign().authorization);
  });
});
