import { Prompt } from "@medusajs/ui"
import { useEffect } from "react"
import { useBlocker } from "react-router-dom"

/** Asks before leaving the page (in the dashboard or the browser) while `dirty`. */
export const UnsavedChangesPrompt = ({ dirty }: { dirty: boolean }) => {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname
  )
  useEffect(() => {
    if (!dirty) {
      return
    }
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener("beforeunload", warn)
    return () => window.removeEventListener("beforeunload", warn)
  }, [dirty])

  return (
    <Prompt open={blocker.state === "blocked"} variant="confirmation">
      <Prompt.Content>
        <Prompt.Header>
          <Prompt.Title>Leave without saving?</Prompt.Title>
          <Prompt.Description>Your changes to the SMS campaign are not saved and will be lost.</Prompt.Description>
        </Prompt.Header>
        <Prompt.Footer>
          <Prompt.Cancel onClick={() => blocker.reset?.()}>Stay</Prompt.Cancel>
          <Prompt.Action onClick={() => blocker.proceed?.()}>Leave</Prompt.Action>
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}
