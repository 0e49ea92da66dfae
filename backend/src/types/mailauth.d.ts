// The parts of mailauth (no type declarations of its own) the help desk and its tests use.

declare module 'mailauth/lib/dkim/sign' {
  /** DKIM-signs a message (RFC 6376); `signatures` holds the DKIM-Signature header(s) to put in front of it. */
  export function dkimSign(
    input: Buffer | string,
    options: {
      canonicalization?: string;
      algorithm?: string;
      signTime?: Date;
      signatureData: { signingDomain: string; selector: string; privateKey: string | Buffer; algorithm?: string }[];
    },
  ): Promise<{ signatures: string; errors: { err: Error }[] }>;
}

declare module 'mailauth/lib/dkim/verify' {
  /** Verifies the DKIM signatures of a message, asking `resolver` for the selectors' DNS TXT records. */
  export function dkimVerify(
    input: Buffer | string,
    options: { resolver?: (name: string, type: string) => Promise<string[][]>; curTime?: Date },
  ): Promise<{
    results: { signingDomain: string; selector: string; status: { result: string; comment?: string } }[];
  }>;
}
