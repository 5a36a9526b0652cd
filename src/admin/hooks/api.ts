import { FetchError } from "@medusajs/js-sdk"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { z } from "@medusajs/framework/zod"
import type {
  AdminCreateSmsCampaign,
  AdminUpdateSmsCampaign,
} from "../../api/admin/sms-recovery/campaigns/validators"
import { sdk } from "../lib/sdk"
import type {
  Campaign,
  ConsentLedger,
  ErasedPhone,
  Experiments,
  Message,
  Preview,
  Reply,
  Stats,
  TargetingOptions,
  TestText,
  Webhooks,
} from "../lib/types"

const BASE = "/admin/sms-recovery"
/** Past this many, a store targets by other criteria than a picked list. */
const TARGETING_OPTIONS_LIMIT = 200

export const smsRecoveryKeys = {
  all: ["sms-recovery"] as const,
  campaigns: () => [...smsRecoveryKeys.all, "campaigns"] as const,
  webhooks: () => [...smsRecoveryKeys.all, "webhooks"] as const,
  stats: (query: StatsQuery) => [...smsRecoveryKeys.all, "stats", query] as const,
  experiments: (query: StatsQuery) => [...smsRecoveryKeys.all, "experiments", query] as const,
  messages: (query: MessagesQuery) => [...smsRecoveryKeys.all, "messages", query] as const,
  replies: (query: RepliesQuery) => [...smsRecoveryKeys.all, "replies", query] as const,
  consent: (phone: string) => [...smsRecoveryKeys.all, "consent", phone] as const,
}

/** The body of `POST /campaigns/:id`, as its validator reads it. */
export type CampaignUpdate = z.input<typeof AdminUpdateSmsCampaign>

/** The body of `POST /campaigns`, as its validator reads it. */
export type CampaignCreate = z.input<typeof AdminCreateSmsCampaign>

export const useCampaigns = () =>
  useQuery({
    queryKey: smsRecoveryKeys.campaigns(),
    queryFn: () => sdk.client.fetch<{ campaigns: Campaign[] }>(`${BASE}/campaigns`),
  })

export const useCampaign = (id: string | undefined) =>
  useQuery<{ campaign: Campaign }, FetchError>({
    queryKey: [...smsRecoveryKeys.campaigns(), id],
    queryFn: () => sdk.client.fetch(`${BASE}/campaigns/${id}`),
    enabled: !!id,
    retry: false,
  })

export const useCreateCampaign = () => {
  const queryClient = useQueryClient()
  return useMutation<{ campaign: Campaign }, FetchError, CampaignCreate>({
    mutationFn: (body) => sdk.client.fetch(`${BASE}/campaigns`, { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: smsRecoveryKeys.all }),
  })
}

/** Refused with a 409 whose message says why while the campaign has reminders scheduled or is the last one. */
export const useDeleteCampaign = () => {
  const queryClient = useQueryClient()
  return useMutation<{ id: string; deleted: boolean }, FetchError, string>({
    mutationFn: (id) => sdk.client.fetch(`${BASE}/campaigns/${id}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: smsRecoveryKeys.all }),
  })
}

/** Regions, sales channels and customer groups a campaign can target, by id and name. */
export const useTargetingOptions = () =>
  useQuery<TargetingOptions, FetchError>({
    queryKey: [...smsRecoveryKeys.all, "targeting-options"],
    queryFn: async () => {
      const [regions, salesChannels, customerGroups] = await Promise.all([
        sdk.admin.region.list({ limit: TARGETING_OPTIONS_LIMIT, fields: "id,name,currency_code" }),
        sdk.admin.salesChannel.list({ limit: TARGETING_OPTIONS_LIMIT, fields: "id,name" }),
        sdk.admin.customerGroup.list({ limit: TARGETING_OPTIONS_LIMIT, fields: "id,name" }),
      ])
      return {
        regions: regions.regions.map(({ id, name, currency_code }) => ({ id, name, currency_code })),
        sales_channels: salesChannels.sales_channels.map(({ id, name }) => ({ id, name })),
        customer_groups: customerGroups.customer_groups.map(({ id, name }) => ({ id, name: name ?? id })),
      }
    },
  })

export const useUpdateCampaign = (id: string) => {
  const queryClient = useQueryClient()
  return useMutation<{ campaign: Campaign }, FetchError, CampaignUpdate>({
    mutationFn: (body) => sdk.client.fetch(`${BASE}/campaigns/${id}`, { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: smsRecoveryKeys.all }),
  })
}

export type PreviewRequest = { template: string; campaign_id?: string; step_position?: number }

export const usePreview = (request: PreviewRequest | null) =>
  useQuery<Preview, FetchError>({
    queryKey: [...smsRecoveryKeys.all, "preview", request],
    queryFn: () => sdk.client.fetch(`${BASE}/preview`, { method: "POST", body: request! }),
    enabled: !!request?.template,
    placeholderData: keepPreviousData,
    retry: false,
  })

export const useWebhooks = () =>
  useQuery({
    queryKey: smsRecoveryKeys.webhooks(),
    queryFn: () => sdk.client.fetch<{ webhooks: Webhooks }>(`${BASE}/webhooks`),
  })

export type TestTextRequest = { campaign_id: string; step_position: number; variant_id?: string; phone: string }

export const useSendTestText = () =>
  useMutation<{ test_text: TestText }, FetchError, TestTextRequest>({
    mutationFn: (body) => sdk.client.fetch(`${BASE}/test-send`, { method: "POST", body }),
  })

export type StatsQuery = { from: string; to: string }

export const useStats = (query: StatsQuery) =>
  useQuery<{ stats: Stats }, FetchError>({
    queryKey: smsRecoveryKeys.stats(query),
    queryFn: () => sdk.client.fetch(`${BASE}/stats`, { query }),
    placeholderData: keepPreviousData,
  })

/** Texted against held out per campaign and step: slower than the stats, so asked for apart. */
export const useExperiments = (query: StatsQuery) =>
  useQuery<{ experiments: Experiments }, FetchError>({
    queryKey: smsRecoveryKeys.experiments(query),
    queryFn: () => sdk.client.fetch(`${BASE}/experiments`, { query }),
    placeholderData: keepPreviousData,
  })

export type MessagesQuery = { limit: number; offset: number; status?: string; order_id?: string; cart_id?: string }

export const useMessages = (query: MessagesQuery, options: { enabled?: boolean } = {}) =>
  useQuery<{ messages: Message[]; count: number; limit: number; offset: number }, FetchError>({
    queryKey: smsRecoveryKeys.messages(query),
    queryFn: () => sdk.client.fetch(`${BASE}/messages`, { query }),
    placeholderData: keepPreviousData,
    ...options,
  })

export type RepliesQuery = { limit: number; offset: number; phone?: string; cart_id?: string }

export const useReplies = (query: RepliesQuery) =>
  useQuery<{ replies: Reply[]; count: number; limit: number; offset: number }, FetchError>({
    queryKey: smsRecoveryKeys.replies(query),
    queryFn: () => sdk.client.fetch(`${BASE}/replies`, { query }),
    placeholderData: keepPreviousData,
  })

/** The consent and its ledger; `null` when the plugin never saw the number (a 404). */
export const useConsentLedger = (phone: string | null | undefined) =>
  useQuery<ConsentLedger | null, FetchError>({
    queryKey: smsRecoveryKeys.consent(phone ?? ""),
    queryFn: () =>
      sdk.client
        .fetch<ConsentLedger>(`${BASE}/consents`, { query: { phone } })
        .catch((error: FetchError) => {
          if (error.status === 404) {
            return null
          }
          throw error
        }),
    enabled: !!phone,
  })

export const useErasePhone = () => {
  const queryClient = useQueryClient()
  return useMutation<{ erased: ErasedPhone }, FetchError, { phone: string }>({
    mutationFn: (body) => sdk.client.fetch(`${BASE}/consents/erase`, { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: smsRecoveryKeys.all }),
  })
}

export const usePendingReminders = (campaignId: string | undefined) =>
  useQuery({
    queryKey: [...smsRecoveryKeys.all, "pending-reminders", campaignId],
    queryFn: () => sdk.client.fetch<{ count: number }>(`${BASE}/campaigns/${campaignId}/pending-reminders`),
    enabled: !!campaignId,
  })
