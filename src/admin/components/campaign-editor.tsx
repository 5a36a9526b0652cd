import { Alert, Button, Container, Heading, Input, Switch, Text, toast, usePrompt } from "@medusajs/ui"
import { useEffect, useState, type ReactNode } from "react"
import { Link, useNavigate } from "react-router-dom"
import { parseFieldErrors } from "../../lib/field-errors"
import { useCreateCampaign, usePendingReminders, useUpdateCampaign } from "../hooks/api"
import { isDirty, newCampaignDraft, toCreate, toDraft, toUpdate, type CampaignDraft } from "../lib/campaign-form"
import type { Campaign } from "../lib/types"
import { CountryPicker } from "./country-picker"
import { Field } from "./field"
import { SegmentPrices } from "./segment-prices"
import { StepsEditor } from "./steps-editor"
import { TargetingEditor, type TargetingDraft } from "./targeting-editor"
import { UnsavedChangesPrompt } from "./unsaved-changes-prompt"

export const CAMPAIGNS_PATH = "/settings/sms-cart-recovery"

type CampaignEditorProps = {
  /** The saved campaign; absent while a new one is being created. */
  campaign?: Campaign
}

/**
 * Every setting of a campaign, its targeting and its steps, saved in one request: an update
 * of the campaign, or for a new one its creation, after which the campaign's own page opens.
 */
export const CampaignEditor = ({ campaign }: CampaignEditorProps) => {
  const [draft, setDraft] = useState<CampaignDraft>(() => (campaign ? toDraft(campaign) : newCampaignDraft()))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState<string[]>([])
  const update = useUpdateCampaign(campaign?.id ?? "")
  const create = useCreateCampaign()
  const pending = usePendingReminders(campaign?.id)
  const confirm = usePrompt()
  const navigate = useNavigate()
  const saving = update.isPending || create.isPending
  const dirty = campaign ? isDirty(draft, campaign) : true

  useEffect(() => {
    if (campaign) {
      setDraft(toDraft(campaign))
    }
  }, [campaign?.updated_at])

  const set = <K extends keyof CampaignDraft>(key: K, value: CampaignDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }))

  const toggle = async (enabled: boolean) => {
    const scheduled = pending.data?.count ?? 0
    if (!enabled && campaign?.enabled && scheduled > 0) {
      const sure = await confirm({
        title: "Switch SMS reminders off?",
        description: `${scheduled} cart${scheduled === 1 ? " has a reminder" : "s have reminders"} scheduled. Once you save, none of them is sent.`,
        confirmText: "Switch off",
        cancelText: "Keep on",
      })
      if (!sure) {
        return
      }
    }
    set("enabled", enabled)
  }

  const refused = (failure: Error) => {
    const parsed = parseFieldErrors(failure.message)
    setErrors(parsed.fields)
    setGeneral(parsed.general)
    toast.error(`The campaign was not ${campaign ? "saved" : "created"}; see the highlighted fields`)
  }

  const save = () => {
    setErrors({})
    setGeneral([])
    if (!campaign) {
      create.mutate(toCreate(draft), {
        onSuccess: ({ campaign: created }) => {
          toast.success("SMS campaign created")
          navigate(`${CAMPAIGNS_PATH}/${created.id}`)
        },
        onError: refused,
      })
      return
    }
    update.mutate(toUpdate(draft), {
      onSuccess: ({ campaign: saved }) => {
        setDraft(toDraft(saved))
        toast.success("SMS campaign saved")
      },
      onError: refused,
    })
  }

  const numberField = (key: keyof CampaignDraft, label: string, hint?: string) => (
    <Field id={`campaign-${key}`} label={label} hint={hint} error={errors[key]}>
      <Input
        id={`campaign-${key}`}
        type="number"
        size="small"
        value={draft[key] as number}
        aria-invalid={!!errors[key]}
        onChange={(event) => set(key, Number(event.target.value) as never)}
      />
    </Field>
  )

  return (
    <>
      {campaign && <UnsavedChangesPrompt dirty={dirty && !saving} />}
      <Container className="divide-y p-0">
        <div className="flex items-center justify-between px-6 py-4">
          <div>
            <Text size="small" className="text-ui-fg-subtle">
              <Link className="text-ui-fg-interactive" to={CAMPAIGNS_PATH}>SMS cart recovery</Link>
            </Text>
            <Heading level="h1">{campaign ? campaign.name : "New SMS campaign"}</Heading>
          </div>
          <Button size="small" onClick={save} isLoading={saving} disabled={!dirty}>
            {campaign ? "Save" : "Create"}
          </Button>
        </div>
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <div className="flex items-center gap-x-3">
            <Switch id="campaign-enabled" checked={draft.enabled} onCheckedChange={toggle} />
            <label htmlFor="campaign-enabled" className="txt-compact-small-plus">
              {draft.enabled ? "Reminders are on" : "Reminders are off"}
            </label>
          </div>
          {draft.enabled && !campaign?.enabled && (
            <Alert variant="info" data-testid="enable-explainer">
              Once saved, only carts left from now on are texted; carts abandoned before are never texted.
            </Alert>
          )}
          {errors.enabled && <Text size="small" className="text-ui-fg-error">{errors.enabled}</Text>}
        </div>
        {general.length > 0 && (
          <div className="px-6 py-4">
            <Alert variant="error">{general.join(" ")}</Alert>
          </div>
        )}
        <div className="grid grid-cols-1 gap-4 px-6 py-4 md:grid-cols-3">
          <Field id="campaign-name" label="Name" error={errors.name}>
            <Input id="campaign-name" size="small" value={draft.name} onChange={(event) => set("name", event.target.value)} />
          </Field>
          {numberField("priority", "Priority", "Carts try campaigns from the highest priority down")}
          {numberField("holdout_percent", "Holdout (% of carts, 0–50)", "Never texted, to measure what the texts add")}
          {numberField("abandon_after_minutes", "Abandoned after (minutes idle)")}
          {numberField("max_per_phone_per_24h", "Texts per phone in 24 hours")}
          <Field id="campaign-quiet-start" label="Send window starts (recipient's time)" error={errors.quiet_hours_start}>
            <Input id="campaign-quiet-start" type="time" size="small" value={draft.quiet_hours_start} onChange={(event) => set("quiet_hours_start", event.target.value)} />
          </Field>
          <Field id="campaign-quiet-end" label="Send window ends" error={errors.quiet_hours_end}>
            <Input id="campaign-quiet-end" type="time" size="small" value={draft.quiet_hours_end} onChange={(event) => set("quiet_hours_end", event.target.value)} />
          </Field>
          {numberField("click_window_hours", "Click attribution window (hours)")}
          {numberField("view_window_hours", "View attribution window (hours)", "0 credits clicked texts only")}
          <Field id="campaign-opt-out" label="Opt-out line" hint="Every text ends with it" error={errors.opt_out_line}>
            <Input
              id="campaign-opt-out"
              size="small"
              value={draft.opt_out_line}
              aria-invalid={!!errors.opt_out_line}
              onChange={(event) => set("opt_out_line", event.target.value)}
            />
          </Field>
        </div>
        <div className="px-6 py-4">
          <Field
            id="campaign-double-opt-in"
            label="Double opt-in countries"
            hint="Shoppers from these countries confirm by replying YES before the first reminder"
            error={errors.double_opt_in_countries ?? Object.entries(errors).find(([path]) => path.startsWith("double_opt_in_countries."))?.[1]}
          >
            <CountryPicker id="campaign-double-opt-in" value={draft.double_opt_in_countries} onChange={(codes) => set("double_opt_in_countries", codes)} />
          </Field>
        </div>
        <Section title="Targeting">
          <TargetingEditor
            draft={draft}
            onChange={(patch: Partial<TargetingDraft>) => setDraft((current) => ({ ...current, ...patch }))}
            errors={errors}
          />
        </Section>
        <Section title="Text costs">
          <SegmentPrices value={draft.segment_prices} onChange={(prices) => set("segment_prices", prices)} errors={errors} />
        </Section>
        <Section title="Steps">
          {errors.steps && <Text size="small" className="text-ui-fg-error">{errors.steps}</Text>}
          <StepsEditor
            campaignId={campaign?.id}
            steps={draft.steps}
            onChange={(steps) => set("steps", steps)}
            errors={errors}
            optOutLine={draft.opt_out_line}
          />
        </Section>
      </Container>
    </>
  )
}

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <div className="flex flex-col gap-y-3 px-6 py-4">
    <Heading level="h2">{title}</Heading>
    {children}
  </div>
)
