// The slice of nodemailer's API this service uses. Declared here rather than taken from
// @types/nodemailer, whose dependency on @types/node would retype Node built-ins across the
// whole workspace's type check.
export interface Transporter {
  sendMail(message: {
    messageId?: string;
    from: string;
    to: string;
    subject: string;
    text: string;
    html?: string;
  }): Promise<unknown>;
  verify(): Promise<true>;
  close(): void;
}

export interface TransportOptions {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  pool?: boolean;
  maxConnections?: number;
  connectionTimeout?: number;
  greetingTimeout?: number;
  socketTimeout?: number;
}

declare const nodemailer: { createTransport(options: TransportOptions): Transporter };
export default nodemailer;
