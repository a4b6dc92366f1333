import type { AccountPlatform, ListingPlatform } from '@sf/contracts';

/** One listing as a platform's page shows it, mapped onto review's fields. */
export interface ScrapedListing {
  externalId: string;
  title: string;
  /** One of REVIEW_CATEGORY_NAMES. */
  category: string;
  rewardKrw: number;
  rewardDescription: string;
  deadline: Date | null;
  maxApplicants: number | null;
  applicantCount: number | null;
  url: string;
}

/** What an application sends to a platform: the listing and the account applying. */
export interface OutgoingApplication {
  externalId: string;
  accountPlatform: AccountPlatform;
  accountName: string;
  /** Decrypted for this request only; never logged. */
  authToken: string;
  message: string | null;
}

/**
 * A review platform listings are gathered from. Adapters for other platforms implement the same
 * interface and join `LISTING_SOURCES`.
 */
export interface ListingSource {
  readonly platform: ListingPlatform;
  readonly name: string;
  /** True when applications can be sent through the platform's API; else the user finishes on its page. */
  readonly acceptsApplications: boolean;
  /** Every open listing the platform shows now; throws `SourceError` when its pages cannot be read. */
  fetchListings(): Promise<ScrapedListing[]>;
  /** Sends an application; answers the platform's id for it. */
  apply?(application: OutgoingApplication): Promise<{ externalApplicationId: string }>;
}

/** What a verifier learnt of an account. */
export interface AccountCheck {
  verified: boolean;
  followerCount: number;
}

/** Checks accounts on one platform, and whether a URL is one of the account's posts. */
export interface AccountVerifier {
  readonly platforms: readonly AccountPlatform[];
  /** The platform's base URL: a review URL on any other origin is never fetched. */
  readonly baseUrl: string;
  verify(accountName: string, authToken: string): Promise<AccountCheck>;
  /** True when `url` is on the platform's hosts, belongs to the account and exists. */
  ownsPost(accountName: string, url: string): Promise<boolean>;
}

export const LISTING_SOURCES = Symbol('LISTING_SOURCES');
export const ACCOUNT_VERIFIERS = Symbol('ACCOUNT_VERIFIERS');
