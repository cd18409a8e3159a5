export declare function responseSignatureForBodyHash(
  secret: string,
  nonce: string,
  status: number,
  bodyHashHex: string,
): string;

export declare function expectedResponseSignature(
  secret: string,
  nonce: string,
  status: number,
  body: Buffer | string,
): string;
